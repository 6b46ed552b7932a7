public import Receivables

/// Builds JSON Lines (objects with keys in the caller's order, strings escaped) into a byte buffer: the one JSON
/// writer of saatava's outputs (`saatava parse`, `saatava ledger`).
public struct JSONLineBuilder {
    private let buffer = ByteBuffer(capacity: 1 << 17)
    private var isFirstField = true
    private var isFirstElement = true

    /// An empty builder.
    public init() {}

    /// The bytes built so far, valid until the next change.
    public var bytes: UnsafeBufferPointer<UInt8> { buffer.contents }

    /// Forgets what was built (after it was written out).
    public mutating func removeAll() { buffer.removeAll() }

    /// `{`
    public mutating func beginObject() {
        isFirstField = true
        buffer.append(UInt8(ascii: "{"))
    }

    /// `"name":{`, an object inside the current one.
    public mutating func beginObject(_ name: StaticString) {
        key(name)
        beginObject()
    }

    /// `}`
    public mutating func endObject() {
        buffer.append(UInt8(ascii: "}"))
        isFirstField = false
    }

    /// `}` and the line feed that ends a record.
    public mutating func endLine() {
        endObject()
        buffer.append(0x0A)
    }

    /// `"name":[`; then `nextElement()` before each element and `endArray()`.
    public mutating func beginArray(_ name: StaticString) {
        key(name)
        buffer.append(UInt8(ascii: "["))
        isFirstElement = true
    }

    /// The separator before an array element (none before the first).
    public mutating func nextElement() {
        if !isFirstElement { buffer.append(UInt8(ascii: ",")) }
        isFirstElement = false
    }

    /// A string element of an array (after `nextElement()`).
    public mutating func element(_ value: String) {
        var value = value
        value.withUTF8 { appendString($0) }
    }

    /// `]`
    public mutating func endArray() {
        buffer.append(UInt8(ascii: "]"))
        // Inside an array the array just ended was part of an element, so the next element needs a comma even when
        // this array was empty.
        isFirstElement = false
    }

    /// `"name":"value"`, or `"name":null`.
    public mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        guard var value else {
            buffer.append("null")
            return
        }
        value.withUTF8 { appendString($0) }
    }

    /// `"name":"125.50"` (the amount's `decimalString`), or `"name":null`.
    public mutating func field(_ name: StaticString, decimal amount: Amount?) {
        key(name)
        if let amount { amount.withDecimalUTF8 { appendString($0) } } else { buffer.append("null") }
    }

    /// `"name":"2026-11-27"`, or `"name":null`.
    public mutating func field(_ name: StaticString, date: LocalDate?) {
        key(name)
        if let date { date.withISOUTF8 { appendString($0) } } else { buffer.append("null") }
    }

    /// `"name":true` or `false`.
    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        buffer.append(value ? "true" : "false")
    }

    /// `"name":123`.
    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        var digits = String(value)
        digits.withUTF8 { buffer.append($0) }
    }

    /// `"name":12.3`, rounded to one decimal (half away from zero), or `"name":null`: days and percentages, never money.
    public mutating func field(_ name: StaticString, oneDecimal value: Double?) {
        key(name)
        appendOneDecimal(value)
    }

    /// A number element of an array (after `nextElement()`), rounded to one decimal as `field(_:oneDecimal:)`, or null.
    public mutating func element(oneDecimal value: Double?) {
        appendOneDecimal(value)
    }

    private mutating func appendOneDecimal(_ value: Double?) {
        guard let value, value.isFinite else {
            buffer.append("null")
            return
        }
        let tenths = Int((value * 10).rounded())
        var digits = (tenths < 0 ? "-" : "") + String(tenths.magnitude / 10) + "." + String(tenths.magnitude % 10)
        digits.withUTF8 { buffer.append($0) }
    }

    /// `,"name":` (no comma before the first field).
    private mutating func key(_ name: StaticString) {
        buffer.appendKey(name, afterComma: !isFirstField)
        isFirstField = false
    }

    private mutating func appendString(_ value: UnsafeBufferPointer<UInt8>) {
        if !buffer.appendQuotedIfPlain(value) {
            buffer.append(UInt8(ascii: "\""))
            for byte in value {
                switch byte {
                case UInt8(ascii: "\""): buffer.append(#"\""#)
                case UInt8(ascii: "\\"): buffer.append(#"\\"#)
                case 0x0A: buffer.append(#"\n"#)
                case 0x0D: buffer.append(#"\r"#)
                case 0x09: buffer.append(#"\t"#)
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    buffer.append(#"\u00"#)
                    buffer.append(hex[Int(byte >> 4)])
                    buffer.append(hex[Int(byte & 0xF)])
                default: buffer.append(byte)
                }
            }
            buffer.append(UInt8(ascii: "\""))
        }
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

    @inline(__always)
    func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// `,"name":`, or `"name":` without the comma, in one copy.
    @inline(__always)
    func appendKey(_ name: StaticString, afterComma: Bool) {
        reserve(name.utf8CodeUnitCount + 4)
        var position = storage + count
        if afterComma {
            position.pointee = UInt8(ascii: ",")
            position += 1
        }
        position.pointee = UInt8(ascii: "\"")
        (position + 1).update(from: name.utf8Start, count: name.utf8CodeUnitCount)
        position += 1 + name.utf8CodeUnitCount
        position[0] = UInt8(ascii: "\"")
        position[1] = UInt8(ascii: ":")
        count = position + 2 - storage
    }

    /// Appends `"value"` when no byte of it needs escaping (a control character, `"` or `\`), and returns false,
    /// having appended nothing, when one does. Looks at eight bytes at a time.
    @inline(__always)
    func appendQuotedIfPlain(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let source = value.baseAddress else {
            append("\"\"")
            return true
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // Whether a word holds a zero byte, or a byte below 0x20 (bytes of 0x80 and above never count).
        func hasZero(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        func needsEscape(_ word: UInt64) -> Bool {
            (word &- 0x20 &* ones) & ~word & highs != 0 || hasZero(word ^ (0x22 &* ones)) || hasZero(word ^ (0x5C &* ones))
        }
        var offset = 0
        while offset + 8 <= value.count {
            if needsEscape(UnsafeRawPointer(source + offset).loadUnaligned(as: UInt64.self)) { return false }
            offset += 8
        }
        while offset < value.count {
            let byte = source[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            offset += 1
        }
        reserve(value.count + 2)
        let quoted = storage + count
        quoted.pointee = UInt8(ascii: "\"")
        (quoted + 1).update(from: source, count: value.count)
        quoted[value.count + 1] = UInt8(ascii: "\"")
        count += value.count + 2
        return true
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
