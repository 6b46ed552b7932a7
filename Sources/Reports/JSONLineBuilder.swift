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

    /// `]`
    public mutating func endArray() {
        buffer.append(UInt8(ascii: "]"))
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

    private mutating func key(_ name: StaticString) {
        if !isFirstField { buffer.append(UInt8(ascii: ",")) }
        isFirstField = false
        buffer.append(UInt8(ascii: "\""))
        buffer.append(name)
        buffer.append("\":")
    }

    private mutating func appendString(_ value: UnsafeBufferPointer<UInt8>) {
        buffer.append(UInt8(ascii: "\""))
        if !value.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            buffer.append(value)
        } else {
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
        }
        buffer.append(UInt8(ascii: "\""))
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
