import Foundation
import Ledger
import Receivables
import Reports

/// The accountant's holds as a CSV, `inbox/decisions/holds*.csv` (docs/dunning.md): the columns of the `holds` view
/// plus `action`, in either CSV dialect (`CSVWriter.parse`). `add` rows name `invoiceNumber` or `customerId`, a `kind`
/// (hold, dispute, plan), optional `from` and `until` (YYYY-MM-DD or d.M.yyyy) and a plan's `instalments` as
/// `DATE:AMOUNT;…` (euros, decimal point or comma); `release` rows name the hold's `id`.
/// `note` is kept with an added hold, and in the audit trail of a release. Rows without an action are skipped, so
/// `saatava ledger holds --format csv` with an action column added reads back.
enum HoldsCSV {
    /// What a row asks for.
    enum Action: Equatable {
        case add(HoldRequest)
        case release(id: Int64)
    }

    struct Row: Equatable {
        let line: Int
        let action: Action
        let note: String?
    }

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether a file of inbox/decisions/ is a holds CSV (by its name: `holds*.csv`), not a payment decisions CSV.
    static func isHoldsFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("holds") && lower.hasSuffix(".csv")
    }

    /// Reads every row of a holds CSV; its errors name the file as `name` says (default: its path).
    /// - Throws: `FormatError` naming the file and line of the first row that cannot be read.
    static func read(_ path: String, named name: String? = nil) throws -> [Row] {
        let name = name ?? path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FormatError(description: "\(name): cannot read it as UTF-8 text")
        }
        let rows: [[String]]
        do {
            rows = try CSVWriter.table(text)
        } catch {
            throw FormatError(description: "\(name):\(error.row): \(error.description)")
        }
        guard let header = rows.first else { throw FormatError(description: "\(name): the file is empty") }
        guard header.contains("action") else {
            throw FormatError(description: "\(name):1: the header has no 'action' column")
        }
        let columns = ["action", "id", "invoiceNumber", "customerId", "kind", "from", "until", "instalments", "note"]
        let index = Dictionary(
            uniqueKeysWithValues: columns.compactMap { name in header.firstIndex(of: name).map { (name, $0) } })
        var read: [Row] = []
        for (offset, fields) in rows.dropFirst().enumerated() {
            let line = offset + 2
            /// The trimmed text of a column, nil when the file lacks the column or the cell is empty.
            func field(_ name: String) -> String? {
                guard let column = index[name], column < fields.count else { return nil }
                let value = fields[column].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            func refuse(_ message: String) -> FormatError { FormatError(description: "\(name):\(line): \(message)") }
            guard let verb = field("action")?.lowercased() else { continue }
            switch verb {
            case "add":
                guard let kindText = field("kind") else { throw refuse("'add' needs a kind: hold, dispute or plan") }
                guard let kind = HoldKind(rawValue: kindText.lowercased()) else {
                    throw refuse("kind '\(kindText)' is not hold, dispute or plan")
                }
                do throws(ValueError) {
                    let instalments = try (field("instalments") ?? "").split(separator: ";").map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }.filter { !$0.isEmpty }.map { text throws(ValueError) in try HoldView.Instalment(parsing: text) }
                    let request = HoldRequest(
                        invoiceNumber: field("invoiceNumber"), customerId: field("customerId"), kind: kind,
                        from: try field("from").map { text throws(ValueError) in try LocalDate(asWritten: text) },
                        until: try field("until").map { text throws(ValueError) in try LocalDate(asWritten: text) },
                        instalments: instalments, note: field("note"))
                    read.append(Row(line: line, action: .add(request), note: field("note")))
                } catch {
                    throw refuse("\(error)")
                }
            case "release":
                guard let text = field("id") else { throw refuse("'release' needs the hold's id") }
                guard let id = Int64(text), id > 0 else { throw refuse("'\(text)' is not a hold's id") }
                read.append(Row(line: line, action: .release(id: id), note: field("note")))
            default:
                throw refuse("action '\(verb)' is not add or release")
            }
        }
        return read
    }
}

extension Ledger {
    /// Applies a holds CSV: every row, or (when one is refused) none, with the refused line named.
    /// - Parameters:
    ///   - rows: The file's rows.
    ///   - source: The file, as the holds and the audit trail name it (`decisions/holds.csv`).
    ///   - run: The run applying it.
    ///   - timestamp: Now, for a released hold's `released_at`.
    func applyAll(_ rows: [HoldsCSV.Row], source: String, run: Int64, at timestamp: String) throws {
        try allOrNothing {
            for row in rows {
                do {
                    switch row.action {
                    case .add(let request): _ = try addHold(request, source: source, run: run)
                    case .release(let id):
                        _ = try releaseHold(id, note: row.note, at: timestamp, source: source, run: run)
                    }
                } catch let fault as LedgerError {
                    throw fault
                } catch {
                    throw HoldsCSV.FormatError(description: "\(source):\(row.line): \(error)")
                }
            }
        }
    }
}
