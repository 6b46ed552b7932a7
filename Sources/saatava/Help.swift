/// A command's help page in swift-argument-parser's layout: OVERVIEW, USAGE, then ARGUMENTS, COMMANDS and
/// OPTIONS as two aligned columns.
struct Help: Sendable {
    /// One row of a two-column section: a name and a one-sentence description.
    typealias Row = (name: String, text: String)

    var overview: String
    var usage: [String]
    var arguments: [Row] = []
    var commands: [Row] = []
    /// The command's table of options, which its `Arguments` also parse; OPTIONS lists them, then `-h, --help`.
    var options: [Option] = []

    /// The row every page ends with: `-h` and `--help` are answered before a command parses its arguments.
    static let helpRow: Row = ("-h, --help", "Show help information.")

    private static let column = 26

    /// The help page, ending with a newline.
    func render() -> String {
        var page = "OVERVIEW: \(overview)\n\n"
        page += "USAGE: " + usage.joined(separator: "\n       ") + "\n"
        let optionRows = options.filter { !$0.isHidden }.map(\.row) + [Self.helpRow]
        for (title, rows) in [("ARGUMENTS", arguments), ("COMMANDS", commands), ("OPTIONS", optionRows)]
        where !rows.isEmpty {
            page += "\n\(title):\n"
            for row in rows { page += Self.format(row) }
        }
        return page
    }

    /// The usage lines as shown after an error: `Usage: …` and where to read more.
    func shortUsage(helpCommand: String) -> String {
        "Usage: " + usage.joined(separator: "\n       ") + "\n  See '\(helpCommand) --help' for more information."
    }

    private static func format(_ row: Row) -> String {
        let name = "  " + row.name
        if name.count + 2 <= column {
            return name + String(repeating: " ", count: column - name.count) + row.text + "\n"
        }
        return name + "\n" + String(repeating: " ", count: column) + row.text + "\n"
    }
}

/// A mistake in how a command was called: reported with the usage, exit status 64.
struct UsageError: Error {
    let message: String
}
