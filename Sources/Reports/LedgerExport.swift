public import Receivables

/// The ledger views of `saatava ledger` (docs/design.md, "Ledger views") as JSON Lines or, given a dialect (`csv`), as
/// CSV in that dialect (nil: JSON Lines).
public enum LedgerExport {
    /// Invoices; with `status` "open" only those with money still owed, "charges" those whose principal is paid but
    /// whose reminders' charges are not, else those with that status.
    public static func invoices(_ views: [InvoiceView], status: String?, csv dialect: CSVDialect?) -> String {
        let selected = views.filter { view in
            switch status {
            case nil: true
            case "open": view.open > 0
            case "charges": view.open <= 0 && view.charges > 0
            case let status?: view.status.rawValue == status
            }
        }
        if let dialect {
            var csv = CSVWriter(
                header: ["invoiceNumber", "reference", "customerId", "customerName", "consumer", "amount", "paid",
                         "credited", "open", "invoiceDate", "dueDate", "status", "dunningLevel", "charges", "currency"],
                dialect: dialect)
            for view in selected {
                csv.row([
                    .text(view.invoiceNumber), .text(view.reference), .text(view.customerId), .text(view.customerName),
                    .text(String(view.consumer)), .numeric(money(view.amount, view.currency)),
                    .numeric(money(view.paid, view.currency)), .numeric(money(view.credited, view.currency)),
                    .numeric(money(view.open, view.currency)), .date(view.invoiceDate),
                    .date(view.dueDate), .text(view.status.rawValue), .numeric(String(view.dunningLevel)),
                    .numeric(money(view.charges, view.currency)), .text(view.currency.code),
                ])
            }
            return csv.output
        }
        var json = JSONLineBuilder()
        for view in selected {
            json.beginObject()
            json.field("invoiceNumber", view.invoiceNumber)
            json.field("reference", view.reference)
            json.field("customerId", view.customerId)
            json.field("customerName", view.customerName)
            json.field("consumer", view.consumer)
            json.field("amount", money(view.amount, view.currency))
            json.field("paid", money(view.paid, view.currency))
            json.field("credited", money(view.credited, view.currency))
            json.field("open", money(view.open, view.currency))
            json.field("invoiceDate", view.invoiceDate.description)
            json.field("dueDate", view.dueDate?.description)
            json.field("status", view.status.rawValue)
            json.field("dunningLevel", view.dunningLevel)
            json.field("charges", money(view.charges, view.currency))
            json.field("currency", view.currency.code)
            json.endLine()
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Payments, as given (for `--status unmatched` the ledger selects them: `paymentViews(onlyToDecide: true)`);
    /// amounts in the payment's currency, named last (a list that mixes currencies must say which).
    public static func payments(_ selected: [PaymentView], csv dialect: CSVDialect?) -> String {
        if let dialect {
            var csv = CSVWriter(
                header: ["archiveId", "bookingDate", "amount", "reference", "payerName", "status", "reason",
                         "unapplied", "allocations", "reverses", "currency"],
                dialect: dialect)
            for view in selected {
                let allocations = view.allocations.map {
                    "\($0.invoiceNumber):\(dialect.decimal(money($0.amount, view.currency))):\($0.rule)"
                }
                csv.row([
                    .text(view.archiveId), .date(view.bookingDate),
                    .numeric(view.amount.map { money($0, view.currency) }), .text(view.reference),
                    .text(view.payerName), .text(view.status.rawValue), .text(view.reason?.rawValue),
                    .numeric(money(view.unapplied, view.currency)), .text(allocations.joined(separator: ";")),
                    .text(view.reverses), .text(view.currency.code),
                ])
            }
            return csv.output
        }
        var json = JSONLineBuilder()
        for view in selected {
            json.beginObject()
            json.field("archiveId", view.archiveId)
            json.field("bookingDate", view.bookingDate?.description)
            json.field("amount", view.amount.map { money($0, view.currency) })
            json.field("reference", view.reference)
            json.field("payerName", view.payerName)
            json.field("status", view.status.rawValue)
            json.field("reason", view.reason?.rawValue)
            json.field("unapplied", money(view.unapplied, view.currency))
            json.beginArray("allocations")
            for allocation in view.allocations {
                json.nextElement()
                json.beginObject()
                json.field("invoiceNumber", allocation.invoiceNumber)
                json.field("amount", money(allocation.amount, view.currency))
                json.field("rule", allocation.rule.rawValue)
                json.endObject()
            }
            json.endArray()
            json.field("reverses", view.reverses)
            json.field("currency", view.currency.code)
            json.endLine()
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// The columns of the `reminders` view and of reminders.csv, in order (docs/design.md, "Ledger views").
    public static let reminderColumns = [
        "invoiceNumber", "customerId", "step", "class", "issuedOn", "fee", "feeRule", "compensation", "interest",
        "interestThrough", "interestRate", "payBy", "channel", "file",
    ]

    /// Reminders, as given: the `reminders` view for `saatava ledger reminders`, and as CSV the day's
    /// reminders.csv. Amounts have the currency's minor digits (`"5.00"`); `step` is a number; `interestRate` is
    /// the percentage as the view keeps it (`"10.5"`); dates are `YYYY-MM-DD` (in CSV as the dialect writes them).
    public static func reminders(_ selected: [ReminderView], csv dialect: CSVDialect?) -> String {
        if let dialect {
            var csv = CSVWriter(header: reminderColumns, dialect: dialect)
            for view in selected {
                csv.row([
                    .text(view.invoiceNumber), .text(view.customerId), .numeric(String(view.step)),
                    .text(view.dunningClass), .date(view.issuedOn),
                    .numeric(money(view.fee, view.currency)), .text(view.feeRule),
                    .numeric(money(view.compensation, view.currency)), .numeric(money(view.interest, view.currency)),
                    .date(view.interestThrough), .numeric(view.interestRate),
                    .date(view.payBy), .text(view.channel.rawValue), .text(view.file),
                ])
            }
            return csv.output
        }
        var json = JSONLineBuilder()
        for view in selected {
            json.beginObject()
            json.field("invoiceNumber", view.invoiceNumber)
            json.field("customerId", view.customerId)
            json.field("step", view.step)
            json.field("class", view.dunningClass)
            json.field("issuedOn", date: view.issuedOn)
            json.field("fee", decimal: Amount(minorUnits: view.fee, currency: view.currency))
            json.field("feeRule", view.feeRule)
            json.field("compensation", decimal: Amount(minorUnits: view.compensation, currency: view.currency))
            json.field("interest", decimal: Amount(minorUnits: view.interest, currency: view.currency))
            json.field("interestThrough", date: view.interestThrough)
            json.field("interestRate", view.interestRate)
            json.field("payBy", date: view.payBy)
            json.field("channel", view.channel.rawValue)
            json.field("file", view.file)
            json.endLine()
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Holds, as given (the ledger lists them by id). A plan's instalments are in euros: in CSV as `DATE:AMOUNT;…`
    /// with the dialect's date and decimals (`2026-12-31:150.00`, `31.12.2026:150,00`), the way a holds CSV takes them
    /// back.
    public static func holds(_ selected: [HoldView], csv dialect: CSVDialect?) -> String {
        if let dialect {
            var csv = CSVWriter(
                header: ["id", "invoiceNumber", "customerId", "kind", "from", "until", "instalments", "status", "note"],
                dialect: dialect)
            for view in selected {
                csv.row([
                    .numeric(String(view.id)), .text(view.invoiceNumber), .text(view.customerId),
                    .text(view.kind.rawValue), .date(view.from), .date(view.until),
                    .text(view.instalments.map { dialect.instalment($0) }.joined(separator: ";")), .text(view.status.rawValue),
                    .text(view.note),
                ])
            }
            return csv.output
        }
        var json = JSONLineBuilder()
        for view in selected {
            json.beginObject()
            json.field("id", Int(view.id))
            json.field("invoiceNumber", view.invoiceNumber)
            json.field("customerId", view.customerId)
            json.field("kind", view.kind.rawValue)
            json.field("from", date: view.from)
            json.field("until", date: view.until)
            json.beginArray("instalments")
            for instalment in view.instalments {
                json.nextElement()
                json.beginObject()
                json.field("date", date: instalment.date)
                json.field("amount", money(instalment.amount, .euro))
                json.endObject()
            }
            json.endArray()
            json.field("status", view.status.rawValue)
            json.field("note", view.note)
            json.endLine()
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// The columns of the `transfers` view, in order (docs/design.md, "Ledger views").
    public static let transferColumns = [
        "invoiceNumber", "customerId", "transferredOn", "amount", "paid", "credited", "open", "interest", "fees",
        "compensation", "file",
    ]

    /// Transfers to collection, as given: what each invoice owes now (`open`; paid in full after the transfer: 0),
    /// with the interest through the transfer day, fees and compensation claimed with it, and the transfer file.
    public static func transfers(_ selected: [TransferView], csv dialect: CSVDialect?) -> String {
        if let dialect {
            var csv = CSVWriter(header: transferColumns, dialect: dialect)
            for view in selected {
                csv.row([
                    .text(view.invoiceNumber), .text(view.customerId), .date(view.transferredOn),
                    .numeric(money(view.amount, view.currency)), .numeric(money(view.paid, view.currency)),
                    .numeric(money(view.credited, view.currency)), .numeric(money(view.open, view.currency)),
                    .numeric(money(view.interest, view.currency)), .numeric(money(view.fees, view.currency)),
                    .numeric(money(view.compensation, view.currency)), .text(view.file),
                ])
            }
            return csv.output
        }
        var json = JSONLineBuilder()
        for view in selected {
            json.beginObject()
            json.field("invoiceNumber", view.invoiceNumber)
            json.field("customerId", view.customerId)
            json.field("transferredOn", date: view.transferredOn)
            json.field("amount", money(view.amount, view.currency))
            json.field("paid", money(view.paid, view.currency))
            json.field("credited", money(view.credited, view.currency))
            json.field("open", money(view.open, view.currency))
            json.field("interest", money(view.interest, view.currency))
            json.field("fees", money(view.fees, view.currency))
            json.field("compensation", money(view.compensation, view.currency))
            json.field("file", view.file)
            json.endLine()
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Deliveries and their receipts, as the ledger lists them (in the order they were recorded).
    public static func deliveries(_ selected: [DeliveryView], csv dialect: CSVDialect?) -> String {
        if let dialect {
            var csv = CSVWriter(
                header: ["file", "destination", "size", "sha256", "remotePath", "status", "attempts", "deliveredAt",
                         "lastError"],
                dialect: dialect)
            for view in selected {
                csv.row([
                    .text(view.file), .text(view.destination), .numeric(view.size.map { String($0) }), .text(view.sha256),
                    .text(view.remotePath), .text(view.status), .numeric(String(view.attempts)), .text(view.deliveredAt),
                    .text(view.lastError),
                ])
            }
            return csv.output
        }
        var json = JSONLineBuilder()
        for view in selected {
            json.beginObject()
            json.field("file", view.file)
            json.field("destination", view.destination)
            if let size = view.size { json.field("size", Int(size)) } else { json.field("size", nil as String?) }
            json.field("sha256", view.sha256)
            json.field("remotePath", view.remotePath)
            json.field("status", view.status)
            json.field("attempts", view.attempts)
            json.field("deliveredAt", view.deliveredAt)
            json.field("lastError", view.lastError)
            json.endLine()
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Journal lines (docs/journal.md) as JSON Lines: the side a line does not use is null. (As CSV: `JournalCSV`.)
    public static func journal(_ selected: [JournalLineView]) -> String {
        func side(_ cents: Int64, _ currency: Currency) -> String? { cents == 0 ? nil : money(cents, currency) }
        var json = JSONLineBuilder()
        for line in selected {
            json.beginObject()
            if let run = line.run { json.field("run", Int(run)) } else { json.field("run", nil as String?) }
            json.field("date", line.date?.description)
            json.field("voucher", line.voucher)
            json.field("account", line.account)
            json.field("debit", side(line.debit, line.currency))
            json.field("credit", side(line.credit, line.currency))
            json.field("currency", line.currency.code)
            json.field("source", line.source)
            json.field("memo", line.memo)
            json.endLine()
        }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    private static func money(_ cents: Int64, _ currency: Currency) -> String { AccountantReport.money(cents, currency) }
}

/// Journal lines as CSV (docs/journal.md), piece by piece: a big day's journal.csv is written as its lines are read,
/// never held whole.
public struct JournalCSV {
    private var csv: CSVWriter

    /// A journal CSV in `dialect`, its header written.
    public init(dialect: CSVDialect) {
        csv = CSVWriter(
            header: ["run", "date", "voucher", "account", "debit", "credit", "currency", "source", "memo"], dialect: dialect)
    }

    /// Appends a line: the side it does not use is an empty cell.
    public mutating func append(_ line: JournalLineView) {
        func side(_ cents: Int64) -> String? { cents == 0 ? nil : AccountantReport.money(cents, line.currency) }
        csv.row([
            .numeric(line.run.map { String($0) }), .date(line.date), .text(line.voucher),
            .text(line.account), .numeric(side(line.debit)), .numeric(side(line.credit)),
            .text(line.currency.code), .text(line.source), .text(line.memo),
        ])
    }

    /// The text appended since the last take (the first: from the header on).
    public mutating func take() -> String { csv.take() }
}
