public import Receivables

/// The files of `outbox/<day>/collection/` (docs/collection.md): the day's transfer to the
/// collection agency as one JSON document and as CSV, the payments received for invoices already in collection, and
/// the manifest that states each file's records, totals, size and SHA-256. Pure renderers over read models.
public enum CollectionFiles {
    /// `transfer-<day>.json`, relative to the day's outbox (the `file` of the collection step).
    public static func transferName(_ day: LocalDate) -> String { "collection/transfer-\(day).json" }
    public static func transferCSVName(_ day: LocalDate) -> String { "collection/transfer-\(day).csv" }
    public static func paymentsName(_ day: LocalDate) -> String { "collection/payments-\(day).csv" }
    public static let manifestName = "collection/manifest.json"

    /// One JSON document: `{"creditor": {…}, "claims": […]}`, ending with a line feed.
    public static func transferJSON(creditor: Creditor, claims: [TransferClaim]) -> [UInt8] {
        var json = JSONLineBuilder()
        json.beginObject()
        json.beginObject("creditor")
        json.field("name", creditor.name)
        json.field("businessId", creditor.businessId)
        address(creditor.address, into: &json)
        json.field("iban", creditor.iban)
        json.field("bic", creditor.bic)
        json.field("contact", creditor.contact)
        json.field("eInvoiceAddress", creditor.eInvoiceAddress)
        json.field("eInvoiceIntermediator", creditor.eInvoiceIntermediator)
        json.endObject()
        json.beginArray("claims")
        for claim in claims {
            json.nextElement()
            claimObject(claim, into: &json)
        }
        json.endArray()
        json.endLine()
        return Array(json.bytes)
    }

    private static func claimObject(_ claim: TransferClaim, into json: inout JSONLineBuilder) {
        let debtor = claim.debtor
        let invoice = claim.invoice
        func money(_ cents: Int64) -> Amount { Amount(minorUnits: cents, currency: claim.currency) }
        json.beginObject()
        json.beginObject("debtor")
        json.field("customerId", debtor.key)
        json.field("name", debtor.name)
        json.field("businessId", debtor.businessId)
        json.field("consumer", debtor.isConsumer)
        address(debtor.address ?? Invoice.PostalAddress(), into: &json)
        json.field("language", debtor.language)
        json.field("eInvoiceAddress", debtor.eInvoiceAddress)
        json.field("eInvoiceIntermediator", debtor.eInvoiceIntermediator)
        json.endObject()
        json.field("invoiceNumber", invoice.invoiceNumber)
        json.field("reference", invoice.reference)
        json.field("invoiceDate", date: invoice.invoiceDate)
        json.field("dueDate", date: invoice.dueDate)
        json.field("transferredOn", date: claim.transferredOn)
        json.field("currency", claim.currency.code)
        json.field("amount", decimal: money(invoice.amount))
        json.field("paid", decimal: money(invoice.paid))
        json.field("credited", decimal: money(invoice.credited))
        json.field("open", decimal: money(claim.open))
        json.beginObject("interest")
        json.field("amount", decimal: money(claim.interest.amount))
        json.field("from", date: claim.interest.from)
        json.field("through", date: claim.interest.through)
        json.field("rate", claim.interest.rate)
        json.field("section", claim.interest.section)
        json.endObject()
        json.field("fees", decimal: money(claim.fees))
        json.beginArray("feeRules")
        for rule in claim.feeRules {
            json.nextElement()
            json.element(rule)
        }
        json.endArray()
        json.field("compensation", decimal: money(claim.compensation))
        json.field("compensationSection", claim.compensationSection)
        json.field("chargesPaid", decimal: money(claim.chargesPaid))
        json.field("total", decimal: money(claim.total))
        json.beginArray("reminders")
        for reminder in claim.reminders {
            json.nextElement()
            json.beginObject()
            json.field("step", reminder.step)
            json.field("issuedOn", date: reminder.issuedOn)
            json.field("payBy", date: reminder.payBy)
            json.field("fee", decimal: money(reminder.fee))
            json.field("feeRule", reminder.feeRule)
            json.field("compensation", decimal: money(reminder.compensation))
            json.field("interest", decimal: money(reminder.interest))
            json.field("interestThrough", date: reminder.interestThrough)
            json.field("interestRate", reminder.interestRate)
            json.field("channel", reminder.channel.rawValue)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private static func address(_ address: Invoice.PostalAddress, into json: inout JSONLineBuilder) {
        json.field("street", address.street)
        json.field("postCode", address.postCode)
        json.field("town", address.town)
        json.field("country", address.country)
    }

    /// The columns of `transfer-<day>.csv`, one row per claim.
    public static let transferColumns = [
        "invoiceNumber", "customerId", "name", "businessId", "consumer", "street", "postCode", "town", "country", "language",
        "eInvoiceAddress", "eInvoiceIntermediator", "reference", "invoiceDate", "dueDate", "transferredOn", "currency",
        "amount", "paid", "credited", "open", "interest", "interestFrom", "interestThrough", "interestRate", "interestSection",
        "fees", "feeRules", "compensation", "compensationSection", "total", "reminders", "chargesPaid",
    ]

    /// `transfer-<day>.csv`: the claims of the JSON document, one row each (fee rules joined with ` | `; the
    /// reminders as `step:issuedOn:fee:compensation` joined with `;`; `chargesPaid` last, as it came later).
    public static func transferCSV(_ claims: [TransferClaim]) -> String {
        var csv = CSVWriter(header: transferColumns)
        for claim in claims {
            let debtor = claim.debtor
            let address = debtor.address ?? Invoice.PostalAddress()
            func money(_ cents: Int64) -> CSVCell { .numeric(Amount(minorUnits: cents, currency: claim.currency).decimalString) }
            let reminders = claim.reminders.map {
                "\($0.step):\($0.issuedOn):\(Amount(minorUnits: $0.fee, currency: claim.currency).decimalString)"
                    + ":\(Amount(minorUnits: $0.compensation, currency: claim.currency).decimalString)"
            }
            csv.row([
                .text(claim.invoice.invoiceNumber), .text(debtor.key), .text(debtor.name), .text(debtor.businessId),
                .text(String(debtor.isConsumer)), .text(address.street), .text(address.postCode), .text(address.town),
                .text(address.country), .text(debtor.language), .text(debtor.eInvoiceAddress), .text(debtor.eInvoiceIntermediator),
                .text(claim.invoice.reference), .numeric(claim.invoice.invoiceDate.description),
                .numeric(claim.invoice.dueDate?.description), .numeric(claim.transferredOn.description), .text(claim.currency.code),
                money(claim.invoice.amount), money(claim.invoice.paid), money(claim.invoice.credited), money(claim.open),
                money(claim.interest.amount), .numeric(claim.interest.from?.description),
                .numeric(claim.interest.through?.description), .numeric(claim.interest.rate), .text(claim.interest.section),
                money(claim.fees), .text(claim.feeRules.joined(separator: " | ")), money(claim.compensation),
                .text(claim.compensationSection), money(claim.total), .text(reminders.joined(separator: ";")),
                money(claim.chargesPaid),
            ])
        }
        return csv.output
    }

    /// The columns of `payments-<day>.csv`.
    public static let paymentColumns = ["invoiceNumber", "archiveId", "bookingDate", "amount", "currency", "payerName"]

    /// `payments-<day>.csv`: payments received today for invoices in collection, one row per payment and invoice.
    public static func paymentsCSV(_ payments: [CollectionPayment]) -> String {
        var csv = CSVWriter(header: paymentColumns)
        for payment in payments {
            csv.row([
                .text(payment.invoiceNumber), .text(payment.archiveId), .numeric(payment.bookingDate?.description),
                .numeric(Amount(minorUnits: payment.amount, currency: payment.currency).decimalString),
                .text(payment.currency.code), .text(payment.payerName),
            ])
        }
        return csv.output
    }

    /// A file the manifest lists: its name (relative to `collection/`), bytes and how many records it holds.
    public struct ManifestEntry: Sendable {
        public let name: String
        public let bytes: [UInt8]
        public let records: Int

        /// Creates an entry.
        public init(name: String, bytes: [UInt8], records: Int) {
            self.name = name
            self.bytes = bytes
            self.records = records
        }
    }

    /// `manifest.json`: the day, each file with its records, size and SHA-256, and the totals per currency of the
    /// claims (count, amount, paid, credited, open, interest, fees, compensation, chargesPaid, total) and of the
    /// payments.
    public static func manifest(day: LocalDate, files: [ManifestEntry], claims: [TransferClaim], payments: [CollectionPayment]) -> [UInt8] {
        var json = JSONLineBuilder()
        json.beginObject()
        json.field("day", date: day)
        json.field("claims", claims.count)
        json.field("payments", payments.count)
        json.beginArray("files")
        for file in files {
            json.nextElement()
            json.beginObject()
            json.field("name", file.name)
            json.field("records", file.records)
            json.field("size", file.bytes.count)
            json.field("sha256", SHA256.hex(of: file.bytes))
            json.endObject()
        }
        json.endArray()
        json.beginArray("claimTotals")
        for currency in Set(claims.map(\.currency)).sorted(by: { $0.code < $1.code }) {
            let some = claims.filter { $0.currency == currency }
            func sum(_ value: (TransferClaim) -> Int64) -> Amount {
                Amount(minorUnits: some.reduce(0) { $0 + value($1) }, currency: currency)
            }
            json.nextElement()
            json.beginObject()
            json.field("currency", currency.code)
            json.field("count", some.count)
            json.field("amount", decimal: sum(\.invoice.amount))
            json.field("paid", decimal: sum(\.invoice.paid))
            json.field("credited", decimal: sum(\.invoice.credited))
            json.field("open", decimal: sum(\.open))
            json.field("interest", decimal: sum(\.interest.amount))
            json.field("fees", decimal: sum(\.fees))
            json.field("compensation", decimal: sum(\.compensation))
            json.field("chargesPaid", decimal: sum(\.chargesPaid))
            json.field("total", decimal: sum(\.total))
            json.endObject()
        }
        json.endArray()
        json.beginArray("paymentTotals")
        for currency in Set(payments.map(\.currency)).sorted(by: { $0.code < $1.code }) {
            let some = payments.filter { $0.currency == currency }
            json.nextElement()
            json.beginObject()
            json.field("currency", currency.code)
            json.field("count", some.count)
            json.field("amount", decimal: Amount(minorUnits: some.reduce(0) { $0 + $1.amount }, currency: currency))
            json.endObject()
        }
        json.endArray()
        json.endLine()
        return Array(json.bytes)
    }
}
