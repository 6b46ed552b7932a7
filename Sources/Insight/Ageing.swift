import Receivables

/// Open receivables by how long they are past due.
enum Ageing {
    /// The open invoices counted and summed by bucket, per currency, as they pass.
    struct Counts {
        private var counts: [Currency: [AgeingBucket: (count: Int, amount: Int64)]] = [:]

        /// Counts `item`, open on `asOf`.
        mutating func add(_ item: OpenItem, asOf: LocalDate) {
            let bucket = AgeingBucket(daysPastDue: item.dueDate.days(until: asOf))
            let sum = counts[item.currency, default: [:]][bucket, default: (0, 0)]
            counts[item.currency, default: [:]][bucket] = (sum.count + 1, sum.amount + item.open)
        }

        /// One table per currency counted, a row for every bucket.
        func tables() -> [AgeingTable] {
            counts.keys.sorted().map { currency in
                AgeingTable(currency: currency, rows: AgeingBucket.allCases.map { bucket in
                    let sum = counts[currency]?[bucket] ?? (0, 0)
                    return AgeingRow(bucket: bucket, count: sum.count, amount: sum.amount)
                })
            }
        }
    }

    /// The invoice `invoiceNumber` of `customerId`, open on `asOf` as `item` says, as the list of those more than 100
    /// days past due shows it, if it is one.
    static func overHundredDays(invoiceNumber: String, customerId: String, customerName: String?, item: OpenItem,
                                dunning: DunningState, asOf: LocalDate) -> OverdueInvoice? {
        let days = item.dueDate.days(until: asOf)
        guard AgeingBucket(daysPastDue: days) == .over100 else { return nil }
        return OverdueInvoice(
            invoiceNumber: invoiceNumber, customerId: customerId, customerName: customerName, currency: item.currency,
            amount: item.amount, open: item.open, dueDate: item.dueDate, daysPastDue: days, dunning: dunning)
    }
}
