public import Receivables

/// The day's outputs for the accountant: the unmatched-payments CSV and the report page. Both are functions of
/// the ledger, the quarantine and the as-of date only, so that re-running a day gives the same bytes.
public enum AccountantReport {
    /// The columns of unmatched-payments.csv, in order (the decisions CSV adds `action` and `invoiceNumber`).
    public static let columns = [
        "archiveId", "bookingDate", "amount", "currency", "payerName", "reference", "remittanceText", "reason",
        "unapplied", "suggestedInvoice", "suggestionRule", "confidence",
    ]

    /// unmatched-payments.csv (RFC 4180, UTF-8, header row, dot decimals) of the payments to decide on
    /// (`Ledger.paymentViews(onlyToDecide: true)`). Texts that start like a formula get a leading `'`; amounts,
    /// dates and the confidence are numeric cells and stay as they are.
    public static func unmatchedCSV(_ payments: [PaymentView]) -> String {
        var csv = CSVWriter(header: columns)
        for payment in payments {
            csv.row([
                .text(payment.archiveId), .numeric(payment.bookingDate?.description),
                .numeric(payment.amount.map { money($0, payment.currency) }), .text(payment.currency.code),
                .text(payment.payerName), .text(payment.reference), .text(payment.remittanceText),
                .text(payment.reason?.rawValue),
                .numeric(money(payment.unapplied, payment.currency)), .text(payment.suggestedInvoice),
                .text(payment.suggestionRule?.rawValue), .numeric(payment.confidence.map { confidence($0) }),
            ])
        }
        return csv.output
    }

    /// What the accountant should do about a payment, by the reason it is listed.
    public static func advice(for reason: UnappliedReason?, suggestion: String?) -> String {
        let suggested = suggestion.map { " The suggested invoice is \($0): check the payer and the amount, then assign." } ?? ""
        guard let reason else { return "Check the payment and decide." + suggested }
        switch reason {
        case .noReference: return "The payer gave no reference. Find the invoice from the message or the name, then assign it." + suggested
        case .invalidReference: return "The reference fails its check: probably a typing error." + suggested
        case .unknownReference: return "No invoice has this reference (yet). If the invoice arrives later, the payment is matched then; otherwise ask the payer." + suggested
        case .invoiceSettled: return "The invoice was already paid: likely a duplicate payment. Decide on a refund."
        case .overpayment: return "The invoice is paid; the excess stays on the customer's account. Refund it or keep it as credit."
        case .currency: return "Paid in another currency than the invoice's. Check the amount received and assign by hand."
        case .debit: return "Money going out, not a customer payment. Ignore it here."
        case .reversalUnmatched: return "The bank reversed a payment saatava does not know. Check with the bank."
        case .ambiguous: return "Several open invoices share this reference and none owes exactly this amount. Assign it by hand." + suggested
        case .zeroAmount: return "A payment of nothing. Ignore it, or ask the bank what it was."
        }
    }

    /// report.html: the day's summary, the unmatched payments with what to do about each, quarantined files.
    /// - Parameters:
    ///   - asOf: The day.
    ///   - toDecide: The payments the accountant must look at (`Ledger.paymentViews(onlyToDecide: true)`).
    ///   - received: Payments booked on the day: how many, and how much per currency.
    ///   - open: Invoices owing money: how many, and how much per currency.
    ///   - credits: Customer credits left by credit notes larger than what their invoice owed.
    ///   - quarantined: Refused files with their reasons.
    ///   - problems: What this run refused and why: conflicting re-deliveries kept out, decision files refused.
    ///   - dunning: The day's reminders and transfers, and why other overdue invoices waited.
    ///   - delivered: Files uploaded by this run (`FILE → DESTINATION (REMOTE PATH)`).
    ///   - deliveryWaiting: Files not delivered yet, each with why.
    ///   - warnings: What the run noticed in files it booked (a control total that does not add up, a due date given
    ///     twice), located `FILE:LINE:COL: warning: …`.
    public static func html(
        asOf: LocalDate, toDecide listed: [PaymentView], received: CountAndSums, open: CountAndSums, credits: [CustomerCredit],
        quarantined: [(file: String, reason: String)], problems: [String] = [], warnings: [String] = [],
        dunning: DunningDay? = nil, delivered: [String] = [], deliveryWaiting: [String] = []
    ) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="fi"><head><meta charset="utf-8"><title>saatava \(asOf): unmatched payments</title>
            <style>
            body { font: 11pt/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
            h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 1.5em; }
            table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
            td.money { text-align: right; white-space: nowrap; } .advice { color: #444; font-size: 10pt; }
            @page { size: A4; margin: 15mm; } @media print { body { margin: 0; } tr { page-break-inside: avoid; } }
            </style></head><body>
            <h1>Receivables on \(asOf)</h1>
            <table>
            <tr><th>Payments booked on \(asOf)</th><td class="money">\(received.count)</td><td class="money">\(totals(received.byCurrency.map { ($0.value, $0.key) }))</td></tr>
            <tr><th>Payments to decide on: money not applied</th><td class="money">\(listed.count)</td><td class="money">\(totals(listed.map { ($0.unapplied, $0.currency) }))</td></tr>
            <tr><th>Invoices with money owed</th><td class="money">\(open.count)</td><td class="money">\(totals(open.byCurrency.map { ($0.value, $0.key) }))</td></tr>
            <tr><th>Files refused (in quarantine)</th><td class="money">\(quarantined.count)</td><td></td></tr>
            </table>

            """
        page += list("Refused in this run", problems, advice: "Nothing of these was booked or applied. A record received "
            + "again with other content keeps what was booked first: ask the sender which is right. A refused decisions "
            + "file is applied as a whole or not at all: correct the line named and drop the file in inbox/decisions/ again.")
        page += "<h2>Payments to decide on</h2>\n"
        if listed.isEmpty {
            page += "<p>Every payment is applied. Nothing to decide today.</p>\n"
        } else {
            page += "<table><tr><th>Booked</th><th>Payer</th><th>Reference / message</th><th>Amount</th><th>Not applied</th><th>Why, and what to do</th></tr>\n"
            for payment in listed {
                let reference = [payment.reference, payment.remittanceText].compactMap { $0 }
                    .map { escape($0).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "<br>") }
                    .joined(separator: "<br>")
                let booked = payment.bookingDate?.description ?? ""
                let amount = payment.amount.map { money($0, payment.currency) } ?? ""
                let advice = advice(for: payment.reason, suggestion: payment.suggestedInvoice)
                page += "<tr><td>\(escape(booked))<br><small>\(escape(payment.archiveId))</small></td>"
                page += "<td>\(escape(payment.payerName ?? ""))</td><td>\(reference)</td>"
                page += "<td class=\"money\">\(amount) \(payment.currency.code)</td>"
                page += "<td class=\"money\">\(money(payment.unapplied, payment.currency))</td>"
                page += "<td><b>\(escape(payment.reason?.rawValue ?? ""))</b><div class=\"advice\">\(escape(advice))</div></td></tr>\n"
            }
            page += "</table>\n<p class=\"advice\">Decide with <code>saatava resolve</code>, or fill in the columns <code>action</code> "
                + "(assign, refund or ignore) and <code>invoiceNumber</code> in unmatched-payments.csv and drop it in inbox/decisions/.</p>\n"
        }
        if !credits.isEmpty {
            page += "<h2>Customer credits</h2>\n<p class=\"advice\">Credit notes that credited more than their invoice still owed. "
                + "Refund the customer or set the credit against their next invoice.</p>\n"
                + "<table><tr><th>Credit note</th><th>Customer</th><th>Credit</th></tr>\n"
            for credit in credits {
                page += "<tr><td>\(escape(credit.creditNote))</td><td>\(escape(credit.customerName ?? ""))</td>"
                    + "<td class=\"money\">\(credit.amount.description)</td></tr>\n"
            }
            page += "</table>\n"
        }
        if let dunning { page += dunningSection(dunning) }
        page += list("Waiting to be delivered", deliveryWaiting, advice: "Not sent yet: the next run or `saatava deliver` "
            + "tries again; a destination that refuses (host key, login) needs its configuration corrected.")
        page += list("Delivered", delivered, advice: "Uploaded by this run, each with its receipt in `saatava ledger deliveries`.")
        page += list("Warnings", warnings, advice: "The files were booked; check these places in them with the sender.")
        page += "<h2>Files refused</h2>\n"
        if quarantined.isEmpty {
            page += "<p>None.</p>\n"
        } else {
            page += "<table><tr><th>File</th><th>Why</th></tr>\n"
            for entry in quarantined {
                page += "<tr><td>\(escape(entry.file))</td><td>\(escape(entry.reason))</td></tr>\n"
            }
            page += "</table>\n<p class=\"advice\">Fix or replace the file and drop it in the inbox again: nothing in it was booked.</p>\n"
        }
        return page + "</body></html>\n"
    }

    /// The day's dunning: what was issued, with what it charged and why, and what waits.
    private static func dunningSection(_ day: DunningDay) -> String {
        var page = "<h2>Reminders and collection</h2>\n"
        if !day.holdsEnded.isEmpty {
            page += "<p class=\"advice\">Holds ended today: the reminders resume for what they covered.</p>\n<ul>\n"
                + day.holdsEnded.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        if let off = day.off { return page + "<p>\(escape(off)).</p>\n" }
        if !day.unpaidCharges.isEmpty {
            page += "<p class=\"advice\">Principal paid, interest or fees not: never reminded for alone. Waive them, or "
                + "ask the customer.</p>\n<table><tr><th>Invoice</th><th>Customer</th><th>Unpaid interest and fees</th></tr>\n"
            for unpaid in day.unpaidCharges {
                page += "<tr><td>\(escape(unpaid.invoiceNumber))</td><td>\(escape(unpaid.customerName ?? ""))</td>"
                    + "<td class=\"money\">\(unpaid.amount.description)</td></tr>\n"
            }
            page += "</table>\n"
        }
        if day.issued.isEmpty {
            page += "<p>No reminder or transfer today.</p>\n"
        } else {
            page += "<table><tr><th>Invoice</th><th>Customer</th><th>Step</th><th>Fee</th><th>Compensation</th><th>Interest</th>"
                + "<th>Pay by</th><th>Why the fee is what it is</th></tr>\n"
            for (reminder, isTransfer) in day.issued {
                let step = isTransfer ? "\(reminder.step): to collection" : "\(reminder.step): reminder (\(reminder.channel.rawValue))"
                page += "<tr><td>\(escape(reminder.invoiceNumber))</td><td>\(escape(reminder.customerId))</td>"
                page += "<td>\(escape(step)), \(escape(reminder.dunningClass))</td>"
                page += "<td class=\"money\">\(money(reminder.fee, reminder.currency))</td>"
                page += "<td class=\"money\">\(money(reminder.compensation, reminder.currency))</td>"
                page += "<td class=\"money\">\(money(reminder.interest, reminder.currency))</td>"
                page += "<td>\(isTransfer ? "" : reminder.payBy.description)</td><td class=\"advice\">\(escape(reminder.feeRule))</td></tr>\n"
            }
            page += "</table>\n"
        }
        if !day.waiting.isEmpty {
            page += "<p class=\"advice\">Overdue invoices with no step today: "
                + day.waiting.sorted { $0.key < $1.key }.map { "\(escape($0.key)): \($0.value)" }.joined(separator: "; ") + ".</p>\n"
        }
        return page
    }

    /// A section listing lines of text, with advice above them; nothing when there are none.
    private static func list(_ title: String, _ lines: [String], advice: String) -> String {
        guard !lines.isEmpty else { return "" }
        return "<h2>\(title)</h2>\n<p class=\"advice\">\(advice)</p>\n<ul>\n"
            + lines.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
    }

    /// Amounts summed per currency, never across: "7143.80 EUR, 80.56 CHF" ("0.00 EUR" when there are none).
    public static func totals(_ amounts: [(Int64, Currency)]) -> String {
        var sums: [Currency: Int64] = [:]
        for (cents, currency) in amounts { sums[currency] = addingSaturated(sums[currency] ?? 0, cents) }
        guard !sums.isEmpty else { return "0.00 EUR" }
        return sums.keys.sorted { ($0 != .euro ? 1 : 0, $0.code) < ($1 != .euro ? 1 : 0, $1.code) }
            .map { "\(money(sums[$0]!, $0)) \($0.code)" }.joined(separator: ", ")
    }

    static func money(_ cents: Int64, _ currency: Currency) -> String {
        Amount(minorUnits: cents, currency: currency).decimalString
    }

    static func confidence(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// Adds for a report's totals without trapping: a sum beyond 64 bits stays at the largest value. Only absurd
/// input gets there, and a report must not stop the run that booked it.
public func addingSaturated(_ total: Int64, _ value: Int64) -> Int64 {
    let (sum, overflow) = total.addingReportingOverflow(value)
    guard overflow else { return sum }
    return value > 0 ? .max : .min
}
