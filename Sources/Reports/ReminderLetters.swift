public import Receivables

/// Reminder letters for buyers without an e-invoice address: one printable A4 HTML page per reminder document, in
/// the buyer's language (`Language`). Self-contained (inline CSS, no scripts, no external resources), so a
/// browser or an HTML-to-PDF tool prints it as it is. Pure: the same document always gives the same bytes.
///
/// A letter states the creditor and how to reach them; the invoice (number, date, original due date, reference);
/// what was invoiced, paid, credited and is open; the penalty interest with its rate, period and statute; the fee
/// and the standard compensation with their statutes; the total, the new due date, the reference to pay with and
/// the creditor's account. Its tone is that of customer service: the invoice may have been overlooked, a payment
/// already made makes the reminder void, and the buyer who cannot pay is asked to get in touch to agree on a plan.
public enum ReminderLetters {
    /// The letter as an HTML page.
    public static func html(_ document: ReminderDocument) -> String {
        let texts = Language(code: document.customer.language).letter
        let reminder = document.reminder
        let invoice = document.invoice
        let creditor = document.creditor
        let currency = reminder.currency
        func money(_ minorUnits: Int64) -> String { texts.language.money(minorUnits, currency) }
        let isBusiness = document.customer.businessId != nil
        let reference = invoice.reference.map { (try? CreditorReference(parsing: $0).printForm) ?? $0 }
        let iban = (try? IBAN(parsing: creditor.iban).printForm) ?? creditor.iban
        let total = money(document.total)
        let payBy = texts.date(reminder.payBy)
        let buyer = document.customer.name ?? invoice.customerName ?? ""

        var page = """
            <!DOCTYPE html>
            <html lang="\(texts.language.rawValue)"><head><meta charset="utf-8">
            <title>\(escape(texts.subject(invoice.invoiceNumber)))</title>
            <style>
            @page { size: A4; margin: 20mm 20mm 20mm 25mm; }
            body { font: 10.5pt/1.45 Arial, Helvetica, sans-serif; color: #1a1a1a; margin: 0; }
            .letter { max-width: 165mm; margin: 0 auto; }
            .head { width: 100%; border-collapse: collapse; }
            .head td { vertical-align: top; padding: 0; }
            .sender { font-size: 9.5pt; }
            .meta { text-align: right; font-size: 9.5pt; }
            .recipient { margin: 14mm 0 12mm; min-height: 28mm; font-size: 11pt; }
            h1 { font-size: 15pt; margin: 0 0 4mm; }
            h2 { font-size: 11pt; margin: 6mm 0 1mm; }
            table.rows { width: 100%; border-collapse: collapse; }
            table.rows th, table.rows td {
              text-align: left; font-weight: normal; padding: 1.2mm 2mm 1.2mm 0; vertical-align: top;
            }
            table.rows td.money { text-align: right; white-space: nowrap; padding-right: 0; }
            table.sum tr + tr th, table.sum tr + tr td { border-top: 0.2mm solid #ccc; }
            table.sum tr.total th, table.sum tr.total td { border-top: 0.5mm solid #1a1a1a; font-weight: bold; }
            .note { display: block; color: #555; font-size: 8.5pt; }
            .pay { border: 0.4mm solid #1a1a1a; padding: 2mm 4mm 3mm; margin: 6mm 0; page-break-inside: avoid; }
            .pay h2 { margin-top: 1mm; }
            .pay th { width: 45%; color: #444; }
            .pay td { font-weight: bold; }
            .footer { margin-top: 10mm; border-top: 0.2mm solid #ccc; padding-top: 2mm; font-size: 8.5pt; color: #555; }
            @media screen {
              body { background: #eee; }
              .letter { background: #fff; padding: 20mm 20mm 20mm 25mm; margin: 10mm auto; max-width: 210mm; }
            }
            </style></head>
            <body><div class="letter">
            <table class="head"><tr>
            <td class="sender"><strong>\(escape(creditor.name))</strong>\(lines(address(creditor.address)))</td>
            <td class="meta">\(texts.dateLabel) \(texts.date(reminder.issuedOn))<br>\
            \(texts.invoiceNumber) \(escape(invoice.invoiceNumber))</td>
            </tr></table>
            <div class="recipient">\(escape(buyer))\(lines(address(document.customer.address)))</div>
            <h1>\(texts.title)</h1>
            <p>\(texts.salutation)</p>

            """
        let isPartlyPaid = invoice.paid + invoice.credited != 0
        page += "<p>\(escape(texts.intro(invoice.invoiceNumber, isPartlyPaid))) "
        page += (reminder.step > 1 ? texts.remindedBefore : texts.overlooked) + "</p>\n"
        page += "<p><strong>\(texts.request(total, payBy))</strong></p>\n"

        page += "<h2>\(texts.invoiceHeading)</h2>\n<table class=\"rows\">\n"
        page += row(texts.invoiceNumber, escape(invoice.invoiceNumber))
        page += row(texts.invoiceDate, texts.date(invoice.invoiceDate))
        if let dueDate = invoice.dueDate { page += row(texts.originalDueDate, texts.date(dueDate)) }
        if let reference { page += row(texts.reference, escape(reference)) }
        page += "</table>\n"

        page += "<h2>\(texts.breakdownHeading)</h2>\n<table class=\"rows sum\">\n"
        if isPartlyPaid {
            page += moneyRow(texts.invoiceAmount, money(invoice.amount))
            if invoice.paid != 0 { page += moneyRow(texts.paid, money(-invoice.paid)) }
            if invoice.credited != 0 { page += moneyRow(texts.credited, money(-invoice.credited)) }
        }
        page += moneyRow(texts.open, money(invoice.open))
        if reminder.interest != 0 {
            let note = texts.interestNote(
                reminder.interestRate.map(texts.percent), invoice.dueDate.map { texts.date($0.adding(days: 1)) },
                reminder.interestThrough.map(texts.date), isBusiness)
            page += moneyRow(texts.interest, money(reminder.interest), note: note)
        }
        if document.earlierCharges != 0 { page += moneyRow(texts.earlierCharges, money(document.earlierCharges)) }
        if document.chargesPaid != 0 { page += moneyRow(texts.chargesPaid, money(-document.chargesPaid)) }
        if reminder.fee != 0 { page += moneyRow(texts.fee, money(reminder.fee), note: texts.feeNote(isBusiness)) }
        if reminder.compensation != 0 {
            page += moneyRow(texts.compensation, money(reminder.compensation), note: texts.compensationNote)
        }
        page += "<tr class=\"total\"><th>\(texts.total)</th><td class=\"money\">\(total)</td></tr>\n</table>\n"
        if reminder.fee == 0 && reminder.compensation == 0 { page += "<p class=\"note\">\(texts.noFee)</p>\n" }

        page += "<div class=\"pay\">\n<h2>\(texts.paymentHeading)</h2>\n<table class=\"rows\">\n"
        page += row(texts.payee, escape(creditor.name))
        page += row(texts.account, escape(iban))
        if let bic = creditor.bic { page += row(texts.bic, escape(bic)) }
        if let reference { page += row(texts.reference, escape(reference)) }
        page += row(texts.dueDate, payBy)
        page += row(texts.amount, total)
        page += "</table>\n<p class=\"note\">"
        page += reference == nil ? escape(texts.noReference(invoice.invoiceNumber)) : texts.useReference
        page += "</p>\n</div>\n"

        page += "<p>\(texts.alreadyPaid)</p>\n"
        page += "<p>\(escape(texts.contact(creditor.contact)))</p>\n"
        page += "<p>\(texts.closing)<br>\(escape(creditor.name))</p>\n"

        var footer = [escape(creditor.name)] + address(creditor.address).map(escape)
        footer.append("\(texts.businessId) \(escape(creditor.businessId))")
        footer.append("IBAN \(escape(iban))" + (creditor.bic.map { ", BIC \(escape($0))" } ?? ""))
        if let contact = creditor.contact { footer.append(escape(contact)) }
        page += "<div class=\"footer\">\(footer.joined(separator: " · "))</div>\n"
        return page + "</div></body></html>\n"
    }

    /// The letter's file name: the invoice number (characters other than letters, digits, `.`, `-` and `_` made
    /// `_`) and the step, `1003-M1.html`; never a path.
    public static func fileName(_ reminder: ReminderView) -> String {
        let safe = reminder.invoiceNumber.unicodeScalars.map { scalar -> String in
            let isSafe = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "_" || scalar == ".")
            return isSafe ? String(scalar) : "_"
        }.joined()
        return (safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe) + "-M\(reminder.step).html"
    }

    /// The lines of a postal address: street, then post code and town, then the country unless it is Finland.
    private static func address(_ address: Invoice.PostalAddress?) -> [String] {
        guard let address else { return [] }
        var lines: [String] = []
        if let street = address.street, !street.isEmpty { lines.append(street) }
        let town = [address.postCode, address.town].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if !town.isEmpty { lines.append(town) }
        if let country = address.country, !country.isEmpty, country.uppercased() != "FI" { lines.append(country) }
        return lines
    }

    /// Lines of text, each escaped and after a line break.
    private static func lines(_ lines: [String]) -> String { lines.map { "<br>\(escape($0))" }.joined() }

    /// A row of a label and a value (the value already HTML).
    private static func row(_ label: String, _ value: String) -> String {
        "<tr><th>\(label)</th><td>\(value)</td></tr>\n"
    }

    /// A row of a label, an amount and, under the label, a note.
    private static func moneyRow(_ label: String, _ amount: String, note: String? = nil) -> String {
        let note = note.map { "<span class=\"note\">\(escape($0))</span>" } ?? ""
        return "<tr><th>\(label)\(note)</th><td class=\"money\">\(amount)</td></tr>\n"
    }

    /// The text escaped for HTML, with control characters (which HTML does not allow in text) made spaces.
    private static func escape(_ text: String) -> String {
        var cleaned = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isControl = (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
            cleaned.append(isControl ? " " : scalar)
        }
        return AccountantReport.escape(String(cleaned))
    }
}
