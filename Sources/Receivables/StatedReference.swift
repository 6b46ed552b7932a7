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

    /// `fi`, `rf` or `invalid` (DESIGN.md §3.2 `referenceKind`).
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
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
