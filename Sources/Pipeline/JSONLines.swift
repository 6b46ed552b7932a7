import Glibc
public import Receivables

/// Writes records as JSON Lines (one object per line, keys in the order DESIGN.md §3.2 gives) to a file
/// descriptor, through a buffer.
public final class JSONLinesWriter {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var isFirstField = true

    /// A writer to a file descriptor (1 for standard output).
    public init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 17)
    }

    deinit { flush() }

    /// Writes one payment record.
    public func write(_ payment: Payment) {
        begin()
        field("kind", "payment")
        field("format", payment.format)
        field("file", payment.file)
        field("account", payment.account)
        field("messageId", payment.messageId)
        field("entryArchiveId", payment.entryArchiveId)
        field("archiveId", payment.archiveId)
        field("bookingDate", payment.bookingDate?.description)
        field("valueDate", payment.valueDate?.description)
        field("paymentDate", payment.paymentDate?.description)
        field("amount", payment.amount?.decimalString)
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
        field("instructedAmount", payment.instructedAmount?.decimalString)
        field("instructedCurrency", payment.instructedAmount?.currency.code)
        field("charges", payment.charges?.decimalString)
        field("chargesCurrency", payment.charges?.currency.code)
        if !payment.parts.isEmpty {
            key("parts")
            buffer.append(UInt8(ascii: "["))
            for (index, part) in payment.parts.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                isFirstField = true
                buffer.append(UInt8(ascii: "{"))
                field("reference", part.reference?.text)
                field("referenceKind", part.reference?.kindName)
                field("amount", part.amount?.decimalString)
                field("documentType", part.documentType)
                field("documentNumber", part.documentNumber)
                buffer.append(UInt8(ascii: "}"))
            }
            buffer.append(UInt8(ascii: "]"))
        }
        end()
    }

    /// Writes one invoice record.
    public func write(_ invoice: Invoice) {
        begin()
        field("kind", "invoice")
        field("format", invoice.format)
        field("file", invoice.file)
        field("invoiceNumber", invoice.invoiceNumber)
        field("type", invoice.kind.name)
        field("invoiceDate", invoice.invoiceDate.description)
        field("dueDate", invoice.dueDate?.description)
        field("amount", invoice.amount.decimalString)
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
        key("buyerAddress")
        if let address = invoice.buyerAddress {
            isFirstField = true
            buffer.append(UInt8(ascii: "{"))
            field("street", address.street)
            field("postCode", address.postCode)
            field("town", address.town)
            field("country", address.country)
            buffer.append(UInt8(ascii: "}"))
        } else {
            buffer.append(contentsOf: "null".utf8)
        }
        field("language", invoice.language)
        end()
    }

    /// Writes what is buffered.
    public func flush() {
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    // MARK: Building one line

    func begin() {
        isFirstField = true
        buffer.append(UInt8(ascii: "{"))
    }

    func end() {
        buffer.append(UInt8(ascii: "}"))
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func field(_ name: StaticString, _ value: String?) {
        key(name)
        guard let value else {
            buffer.append(contentsOf: "null".utf8)
            return
        }
        appendString(value)
    }

    func field(_ name: StaticString, _ value: Bool) {
        key(name)
        buffer.append(contentsOf: (value ? "true" : "false").utf8)
    }

    private func key(_ name: StaticString) {
        if !isFirstField { buffer.append(UInt8(ascii: ",")) }
        isFirstField = false
        buffer.append(UInt8(ascii: "\""))
        buffer.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        buffer.append(contentsOf: "\":".utf8)
    }

    private func appendString(_ value: String) {
        buffer.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): buffer.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): buffer.append(contentsOf: #"\\"#.utf8)
            case 0x0A: buffer.append(contentsOf: #"\n"#.utf8)
            case 0x0D: buffer.append(contentsOf: #"\r"#.utf8)
            case 0x09: buffer.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: #"\u00"#.utf8)
                buffer.append(hex[Int(byte >> 4)])
                buffer.append(hex[Int(byte & 0xF)])
            default: buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
