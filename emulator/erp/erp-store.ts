/** A customer as the fake ERP stores it (the plug-in maps account columns onto it). */
export interface ErpCustomer {
  id: string;
  name: string;
  accountNumber?: string;
  city?: string;
  phone?: string;
  email?: string;
  modifiedOn?: string;
}

export interface ErpStats {
  /** Distinct customers stored. */
  uniqueCount: number;
  /** Records in every request the ERP answered 200 (accepted and rejected). */
  receivedCount: number;
  /** Accepted records whose id was already stored: what a non-idempotent resend costs. */
  duplicateCount: number;
  rejectedCount: number;
  requestCount: number;
}

export interface ErpStore {
  /** Upserts by id; returns the ids it rejected. */
  upsert(customers: ErpCustomer[], rejects: (id: string, index: number) => boolean): string[];
  get(id: string): ErpCustomer | undefined;
  stats(): ErpStats;
  noteRequest(): void;
  clear(): void;
}

export function createErpStore(): ErpStore {
  const customers = new Map<string, ErpCustomer>();
  const zero = () => ({ receivedCount: 0, duplicateCount: 0, rejectedCount: 0, requestCount: 0 });
  let counts = zero();
  return {
    upsert(batch, rejects) {
      const rejected: string[] = [];
      for (const customer of batch) {
        const id = customer.id.toLowerCase();
        if (rejects(id, counts.receivedCount)) {
          rejected.push(customer.id);
        } else {
          if (customers.has(id)) counts.duplicateCount += 1;
          customers.set(id, { ...customer, id });
        }
        counts.receivedCount += 1;
      }
      counts.rejectedCount += rejected.length;
      return rejected;
    },
    get: (id) => customers.get(id.toLowerCase()),
    stats: () => ({ uniqueCount: customers.size, ...counts }),
    noteRequest: () => void (counts.requestCount += 1),
    clear() {
      customers.clear();
      counts = zero();
    },
  };
}
