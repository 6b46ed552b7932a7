public import Ledger
import Receivables

/// The ledger views of `saatava ledger` (DESIGN.md §3.4) as JSON Lines or CSV.
public enum LedgerExport {
    /// Invoices; with `status` "open" only those with money still owed, else those with that status.
    public static func invoices(_ views: [InvoiceView], status: String?, asCSV: Bool) -> String {
        let selected = views.filter { view in
            guard let status else { return true }
            return status == "open" ? view.open > 0 : view.status == status
        }
        if asCSV {
            var csv = CSVWriter(header: ["invoiceNumber", "reference", "customerId", "customerName", "consumer", "amount",
                                         "paid", "credited", "open", "invoiceDate", "dueDate", "status", "dunningLevel"])
            for view in selected {
                csv.row([view.invoiceNumber, view.reference, view.customerId, view.customerName, String(view.consumer),
                         money(view.amount, view.currency), money(view.paid, view.currency), money(view.credited, view.currency),
                         money(view.open, view.currency), view.invoiceDate, view.dueDate, view.status, String(view.dunningLevel)])
            }
            return csv.output
        }
        return selected.map { view in
            "{" + [
                pair("invoiceNumber", view.invoiceNumber), pair("reference", view.reference), pair("customerId", view.customerId),
                pair("customerName", view.customerName), "\"consumer\":\(view.consumer)", pair("amount", money(view.amount, view.currency)),
                pair("paid", money(view.paid, view.currency)), pair("credited", money(view.credited, view.currency)),
                pair("open", money(view.open, view.currency)), pair("invoiceDate", view.invoiceDate), pair("dueDate", view.dueDate),
                pair("status", view.status), "\"dunningLevel\":\(view.dunningLevel)",
            ].joined(separator: ",") + "}\n"
        }.joined()
    }

    /// Payments, as given (for `--status unmatched` the ledger selects them: `paymentViews(onlyToDecide: true)`).
    public static func payments(_ selected: [PaymentView], asCSV: Bool) -> String {
        if asCSV {
            var csv = CSVWriter(header: ["archiveId", "bookingDate", "amount", "reference", "payerName", "status", "reason",
                                         "unapplied", "allocations", "reverses"])
            for view in selected {
                let allocations = view.allocations.map { "\($0.invoiceNumber):\(money($0.amount, view.currency)):\($0.rule)" }
                csv.row([view.archiveId, view.bookingDate, view.amount.map { money($0, view.currency) }, view.reference,
                         view.payerName, view.status, view.reason, money(view.unapplied, view.currency),
                         allocations.joined(separator: ";"), view.reverses])
            }
            return csv.output
        }
        return selected.map { view in
            let allocations = view.allocations.map {
                "{" + [pair("invoiceNumber", $0.invoiceNumber), pair("amount", money($0.amount, view.currency)), pair("rule", $0.rule)]
                    .joined(separator: ",") + "}"
            }
            return "{" + [
                pair("archiveId", view.archiveId), pair("bookingDate", view.bookingDate),
                pair("amount", view.amount.map { money($0, view.currency) }), pair("reference", view.reference),
                pair("payerName", view.payerName), pair("status", view.status), pair("reason", view.reason),
                pair("unapplied", money(view.unapplied, view.currency)), "\"allocations\":[\(allocations.joined(separator: ","))]",
                pair("reverses", view.reverses),
            ].joined(separator: ",") + "}\n"
        }.joined()
    }

    private static func money(_ cents: Int64, _ currency: Currency) -> String { AccountantReport.money(cents, currency) }

    static func pair(_ key: String, _ value: String?) -> String {
        "\"\(key)\":" + (value.map { quote($0) } ?? "null")
    }

    static func quote(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
