import Receivables

/// Open receivables by how long they are past due.
enum Ageing {
    /// One table per currency of the open invoices, a row for every bucket.
    static func tables(_ open: [(InvoiceHistory, Int64)], asOf: LocalDate) -> [AgeingTable] {
        var counts: [Currency: [AgeingBucket: (count: Int, amount: Int64)]] = [:]
        for (invoice, amount) in open {
            let bucket = AgeingBucket(daysPastDue: invoice.dueDate.days(until: asOf))
            let sum = counts[invoice.currency, default: [:]][bucket, default: (0, 0)]
            counts[invoice.currency, default: [:]][bucket] = (sum.count + 1, sum.amount + amount)
        }
        return counts.keys.sorted().map { currency in
            AgeingTable(currency: currency, rows: AgeingBucket.allCases.map { bucket in
                let sum = counts[currency]?[bucket] ?? (0, 0)
                return AgeingRow(bucket: bucket, count: sum.count, amount: sum.amount)
            })
        }
    }

    /// The open invoices more than 100 days past due, the oldest first (then by invoice number).
    static func overHundredDays(_ open: [(InvoiceHistory, Int64)], asOf: LocalDate) -> [OverdueInvoice] {
        open.compactMap { invoice, amount -> OverdueInvoice? in
            let days = invoice.dueDate.days(until: asOf)
            guard AgeingBucket(daysPastDue: days) == .over100 else { return nil }
            return OverdueInvoice(
                invoiceNumber: invoice.invoiceNumber, customerId: invoice.customerId, customerName: invoice.customerName,
                currency: invoice.currency, amount: invoice.amount, open: amount, dueDate: invoice.dueDate,
                daysPastDue: days, dunning: invoice.dunning)
        }
        .sorted { ($0.daysPastDue, $1.invoiceNumber) > ($1.daysPastDue, $0.invoiceNumber) }
    }
}
