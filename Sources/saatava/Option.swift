/// One option a command takes, declared once in its help's table: `Arguments` accepts exactly the options of that
/// table and `Help` lists them, so an option cannot be parsed without being documented, or documented without
/// being parsed.
struct Option: Sendable {
    /// What follows an option's name on the command line.
    enum Kind: Sendable, Equatable {
        /// A value (`--name value` or `--name=value`), shown in help as this placeholder (`<file>`, `json|csv`).
        case value(placeholder: String)
        /// A value that may be given more than once, each kept (`--instalment A --instalment B`).
        case values(placeholder: String)
        /// Nothing: a flag, on when given.
        case flag
    }

    /// The long name with its dashes, `--config`.
    let name: String
    let kind: Kind
    /// One sentence for the help page, starting with a capital letter and ending with a full stop.
    let text: String
    /// The value used when the option is not given, shown in help as `(default: …)`. A default the command works
    /// out itself (today's date, a new folder) is not one: its sentence says it.
    let defaultValue: String?
    /// Whether help leaves the option out: internal options that people have no use for.
    let isHidden: Bool

    /// An option that takes a value.
    static func value(
        _ name: String, _ placeholder: String, _ text: String, default defaultValue: String? = nil
    ) -> Option {
        Option(
            name: name, kind: .value(placeholder: placeholder), text: text, defaultValue: defaultValue, isHidden: false)
    }

    /// An option that takes a value and may be given more than once: its sentence says so.
    static func values(_ name: String, _ placeholder: String, _ text: String) -> Option {
        Option(name: name, kind: .values(placeholder: placeholder), text: text, defaultValue: nil, isHidden: false)
    }

    /// A flag: an option without a value.
    static func flag(_ name: String, _ text: String, isHidden: Bool = false) -> Option {
        Option(name: name, kind: .flag, text: text, defaultValue: nil, isHidden: isHidden)
    }

    /// How the option is written in usage lines and in errors: `--config <file>`, `--init`.
    var synopsis: String {
        switch kind {
        case .value(let placeholder), .values(let placeholder): "\(name) \(placeholder)"
        case .flag: name
        }
    }

    /// The option's row on the help page, its default (if any) in the sentence's last parentheses.
    var row: Help.Row {
        guard let defaultValue else { return (synopsis, text) }
        let sentence = text.hasSuffix(".") ? String(text.dropLast()) : text
        return (synopsis, "\(sentence) (default: \(defaultValue)).")
    }
}
