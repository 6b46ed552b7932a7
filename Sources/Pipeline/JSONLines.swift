public import Receivables
import Reports

/// Writes records as JSON Lines (one object per line, keys in the order DESIGN.md §3.2 gives) to a file
/// descriptor, through a buffer.
public final class JSONLinesWriter {
    private let descriptor: Int32
    private var line = JSONLine()

    /// A writer to a file descriptor (1 for standard output).
    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

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

    /// Writes what is buffered.
    public func flush() {
        writeFully(descriptor, UnsafeRawBufferPointer(line.bytes.contents))
        line.bytes.removeAll()
    }
}

/// A growable byte buffer whose appends are plain copies (no copy-on-write or exclusivity bookkeeping), for
/// the hot path of writing records. One owner: the `JSONLine` that holds it.
final class ByteBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// The bytes written so far, valid until the next change.
    var contents: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (storage + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func removeAll() { count = 0 }

    @inline(__always)
    private func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: max(capacity * 2, count + extra)) }
    }

    private func grow(to grown: Int) {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity = grown
    }
}

/// Builds JSON Lines into a byte buffer.
struct JSONLine {
    let bytes = ByteBuffer(capacity: 1 << 17)
    private var isFirstField = true

    mutating func write(_ payment: Payment) {
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
            bytes.append(UInt8(ascii: "["))
            for (index, part) in payment.parts.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                beginObject()
                field("reference", part.reference?.text)
                field("referenceKind", part.reference?.kindName)
                field("amount", part.amount?.decimalString)
                field("documentType", part.documentType)
                field("documentNumber", part.documentNumber)
                bytes.append(UInt8(ascii: "}"))
            }
            bytes.append(UInt8(ascii: "]"))
        }
        end()
    }

    mutating func write(_ invoice: Invoice) {
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
            beginObject()
            field("street", address.street)
            field("postCode", address.postCode)
            field("town", address.town)
            field("country", address.country)
            bytes.append(UInt8(ascii: "}"))
        } else {
            bytes.append("null")
        }
        field("language", invoice.language)
        end()
    }

    private mutating func begin() { beginObject() }

    private mutating func beginObject() {
        isFirstField = true
        bytes.append(UInt8(ascii: "{"))
    }

    private mutating func end() {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0x0A)
    }

    private mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        guard var value else {
            bytes.append("null")
            return
        }
        value.withUTF8 { appendString($0) }
    }

    private mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(value ? "true" : "false")
    }

    private mutating func key(_ name: StaticString) {
        if !isFirstField { bytes.append(UInt8(ascii: ",")) }
        isFirstField = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(name)
        bytes.append("\":")
    }

    private mutating func appendString(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        if !value.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(value)
        } else {
            for byte in value {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(#"\""#)
                case UInt8(ascii: "\\"): bytes.append(#"\\"#)
                case 0x0A: bytes.append(#"\n"#)
                case 0x0D: bytes.append(#"\r"#)
                case 0x09: bytes.append(#"\t"#)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(#"\u00"#)
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
