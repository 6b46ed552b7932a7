public import Receivables
import Reports
import SystemIO

/// Writes records as JSON Lines (one object per line, keys in the order docs/design.md, "Records" gives) to standard output,
/// through a buffer.
public final class JSONLinesWriter {
    private var line = JSONLineBuilder()

    /// A writer to standard output.
    public init() {}

    deinit { flush() }

    /// Writes one payment record.
    public func write(_ payment: Payment) {
        line.write(payment)
        if line.bytes.count >= 1 << 16 { flush() }
    }

    /// Writes one invoice record.
    public func write(_ invoice: Invoice) {
        line.write(invoice)
        if line.bytes.count >= 1 << 16 { flush() }
    }

    /// Writes what is buffered; a failed write (a closed pipe) loses it, as standard output always has here.
    public func flush() {
        try? FileDescriptor.standardOutput.write(UnsafeRawBufferPointer(line.bytes))
        line.removeAll()
    }
}

/// The records of `saatava parse` (docs/design.md, "Records"), keys in the contract's order.
extension JSONLineBuilder {
    mutating func write(_ payment: Payment) {
        beginObject()
        field("kind", "payment")
        field("format", payment.format)
        field("file", payment.file)
        field("account", payment.account)
        field("messageId", payment.messageId)
        field("entryArchiveId", payment.entryArchiveId)
        field("archiveId", payment.archiveId)
        field("bookingDate", date: payment.bookingDate)
        field("valueDate", date: payment.valueDate)
        field("paymentDate", date: payment.paymentDate)
        field("amount", decimal: payment.amount)
        field("currency", payment.currency.code)
        field("direction", payment.direction.rawValue)
        field("reversal", payment.isReversal)
        field("reference", payment.reference?.text)
        field("referenceKind", payment.reference?.kindName)
        field("remittanceText", payment.remittanceText)
        field("payerName", payment.payerName)
        field("endToEndId", payment.endToEndId)
        field("returnReason", payment.returnReason)
        field("entryStatus", payment.entryStatus.name)
        field("instructedAmount", decimal: payment.instructedAmount)
        field("instructedCurrency", payment.instructedAmount?.currency.code)
        field("charges", decimal: payment.charges)
        field("chargesCurrency", payment.charges?.currency.code)
        if !payment.parts.isEmpty {
            beginArray("parts")
            for part in payment.parts {
                nextElement()
                beginObject()
                field("reference", part.reference?.text)
                field("referenceKind", part.reference?.kindName)
                field("amount", decimal: part.amount)
                field("documentType", part.documentType)
                field("documentNumber", part.documentNumber)
                endObject()
            }
            endArray()
        }
        endLine()
    }

    mutating func write(_ invoice: Invoice) {
        beginObject()
        field("kind", "invoice")
        field("format", invoice.format)
        field("file", invoice.file)
        field("invoiceNumber", invoice.invoiceNumber)
        field("type", invoice.kind.name)
        field("invoiceDate", date: invoice.invoiceDate)
        field("dueDate", date: invoice.dueDate)
        field("amount", decimal: invoice.amount)
        field("currency", invoice.amount.currency.code)
        field("reference", invoice.reference?.text)
        field("referenceKind", invoice.reference?.kindName)
        field("sellerId", invoice.sellerId)
        field("sellerAccount", invoice.sellerAccount)
        field("buyerId", invoice.buyerId)
        field("buyerName", invoice.buyerName)
        field("consumer", invoice.isConsumer)
        field("originalInvoiceNumber", invoice.originalInvoiceNumber)
        field("overdueInterestPercent", invoice.overdueInterestPercent)
        field("cancellation", invoice.isCancellation)
        field("sellerName", invoice.sellerName)
        if let address = invoice.buyerAddress {
            beginObject("buyerAddress")
            field("street", address.street)
            field("postCode", address.postCode)
            field("town", address.town)
            field("country", address.country)
            endObject()
        } else {
            field("buyerAddress", nil as String?)
        }
        field("language", invoice.language)
        endLine()
    }
}
