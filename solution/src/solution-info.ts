/**
 * Who the solution is and which version it carries. The publisher prefix `sample` is the prefix
 * of every component name (`sample_SyncRecordsToExternalSystem`, `sample_BgSync.BackgroundSync`,
 * `sample_/bgsync/...`): Dataverse rejects components whose prefix differs from their publisher's.
 */

export const solution = {
  uniqueName: "BackgroundSync",
  displayName: "Background Sync",
  description:
    "Runs long Dataverse Custom API syncs as background operations and shows their progress on a form.",
} as const;

export const publisher = {
  uniqueName: "backgroundsyncsamples",
  displayName: "Background Sync samples",
  description: "Publisher of the Background Sync sample solution.",
  customizationPrefix: "sample",
  /**
   * Choice (option set) values created under this publisher start at prefix * 10,000. Dataverse
   * accepts 10000-99999; the solution defines no choices today, so the value only has to be valid
   * and stable between versions.
   */
  customizationOptionValuePrefix: 10000,
} as const;

/** Dataverse labels in this solution are English (United States) only. */
export const LANGUAGE_CODE = 1033;

export interface SolutionVersion {
  /** `package.json` version, used in the zip file names. */
  semver: string;
  /** Dataverse solution versions are `major.minor.build.revision`. */
  solution: string;
  /**
   * PCF manifests carry `major.minor.patch`; Dataverse replaces an installed control only when this
   * version grows, which is why the packer stamps it rather than trusting the hand-edited manifest.
   */
  control: string;
}

/** Refuses pre-release or build tags: Dataverse versions are purely numeric. */
export function versionsFrom(packageVersion: string): SolutionVersion {
  if (!/^\d+\.\d+\.\d+$/.test(packageVersion)) {
    throw new Error(
      `package.json version "${packageVersion}" is not major.minor.patch; Dataverse versions are numeric`,
    );
  }
  return { semver: packageVersion, solution: `${packageVersion}.0`, control: packageVersion };
}
