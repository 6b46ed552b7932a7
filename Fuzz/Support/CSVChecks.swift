@testable import Reports

// The CSV contract shared by the decisions and holds harnesses: what `CSVWriter.parse` reads, written again by
// `CSVWriter` in either dialect, reads back the same (formula guards and quoting undo each other).

func checkCSVRoundTrip(_ text: String, header: [String]) {
    // A text the reader refuses (a quote never closed) has no rows to write again.
    guard let rows = try? CSVWriter.parse(text) else { return }
    for dialect in CSVDialect.allCases {
        var writer = CSVWriter(header: header, dialect: dialect)
        for row in rows { writer.row(row.map { .text($0) }) }
        let again = try? CSVWriter.parse(writer.output)
        let rowsAgain = again.map { Array($0.dropFirst()) }
        require(again?.first == header && rowsAgain == rows,
                "rows written as \(dialect) read back otherwise: \(rows) became \(rowsAgain ?? [])")
    }
}

/// A refusal names the file and, when it is about a row, a line of the file.
func checkRefusal(_ description: String, path: String, lines: Int) {
    require(description.hasPrefix(path + ":"), "a refusal that does not name the file: \(description)")
    let rest = description.dropFirst(path.count + 1)
    if let colon = rest.firstIndex(of: ":"), let line = Int(rest[..<colon]) {
        require((1...max(lines, 1)).contains(line), "a refusal at line \(line) of \(lines): \(description)")
    }
}

/// Checks one input of a CSV reader. Contract: rows at increasing lines of the file, each passing `check`, or a
/// refusal (the reader's own error, `refusal` gives its text) that names the file and the line; the same file read
/// twice gives the same outcome; and the CSV layer round-trips with `header`.
func checkCSVReader<Row>(
    _ data: UnsafePointer<UInt8>, _ size: Int, name: String, header: [String], read: (String) throws -> [Row],
    line: (Row) -> Int, check: (Row) -> Void, refusal: (any Error) -> String?
) {
    let input = bytes(data, size)
    let path = writeInput(data, size, name: name)
    // Lines as CSVWriter.parse counts rows cannot exceed the file's line breaks (CR, LF or CRLF) plus one.
    let lines = input.count { $0 == 0x0A || $0 == 0x0D } + 1
    func outcome() -> String {
        do {
            let rows = try read(path)
            var previous = 1
            for row in rows {
                require(line(row) > previous && line(row) <= lines, "row at line \(line(row)) after \(previous) of \(lines)")
                previous = line(row)
                check(row)
            }
            return "\(rows)"
        } catch {
            guard let description = refusal(error) else {
                require(false, "an error that is not the reader's own: \(error)")
                return ""
            }
            checkRefusal(description, path: path, lines: lines)
            return description
        }
    }
    let first = outcome()
    require(outcome() == first, "the same file read twice gives two outcomes")
    if let text = String(validating: input, as: UTF8.self) { checkCSVRoundTrip(text, header: header) }
}
