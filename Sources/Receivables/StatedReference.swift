/// A reference as a file states it: a valid creditor reference, or text that fails the check (kept as written,
/// trimmed, so that matching can still suggest what was meant).
public enum StatedReference: Sendable, Hashable {
    /// A valid Finnish or RF reference.
    case valid(CreditorReference)
    /// Text in a reference field that is not a valid reference, trimmed.
    case invalid(String)

    /// Reads a reference field. Returns nil when the field is blank.
    public init?(stated text: String) {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return nil }
        if let reference = try? CreditorReference(parsing: trimmed) {
            self = .valid(reference)
        } else {
            self = .invalid(trimmed)
        }
    }

    /// The canonical reference, or the invalid text as written.
    public var text: String {
        switch self {
        case .valid(let reference): return reference.canonical
        case .invalid(let text): return text
        }
    }

    /// The key under which a valid reference matches an invoice's (`CreditorReference.matchingKey`); nil when invalid.
    public var matchingKey: String? {
        if case .valid(let reference) = self { return reference.matchingKey }
        return nil
    }

    /// `fi`, `rf` or `invalid` (docs/design.md, "Records" `referenceKind`).
    public var kindName: String {
        switch self {
        case .valid(let reference): return reference.kind.rawValue
        case .invalid: return "invalid"
        }
    }
}

extension String {
    /// The text without white space (including no-break spaces and line breaks) at either end.
    public var trimmingWhitespace: String {
        // Fast path: ASCII at both ends, the usual case in bank and invoice files.
        let utf8 = self.utf8
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80 {
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
            if !isSpace(first) && !isSpace(last) { return self }
            guard let start = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
            let end = utf8.lastIndex(where: { !isSpace($0) })!
            if utf8[start] < 0x80 && utf8[end] < 0x80 { return String(self[start...end]) }
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
