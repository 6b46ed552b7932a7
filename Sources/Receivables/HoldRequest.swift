/// What a person asks for when they stop the dunning ladder (docs/dunning.md): `saatava hold add`, or an `add` row of a
/// holds CSV. The ledger checks it against what it holds and records it as a `HoldView`.
public struct HoldRequest: Sendable, Equatable {
    /// The invoice the hold covers, by its number.
    public var invoiceNumber: String?
    /// The customer whose every invoice the hold covers, by the `customerId` of the views (`id:1234567-8`, …).
    public var customerId: String?
    public var kind: HoldKind
    /// The first day it is in effect; nil: from the start (a plan then begins on the ledger's day, see docs/ledger.md).
    public var from: LocalDate?
    /// The last day it is in effect (inclusive); nil: until released or, for a plan, broken.
    public var until: LocalDate?
    /// A plan's instalments, in euros (minor units); none for a hold or a dispute.
    public var instalments: [HoldView.Instalment]
    public var note: String?

    /// Creates a request.
    public init(
        invoiceNumber: String?, customerId: String?, kind: HoldKind, from: LocalDate? = nil, until: LocalDate? = nil,
        instalments: [HoldView.Instalment] = [], note: String? = nil
    ) {
        self.invoiceNumber = invoiceNumber
        self.customerId = customerId
        self.kind = kind
        self.from = from
        self.until = until
        self.instalments = instalments
        self.note = note
    }
}

extension HoldView.Instalment {
    /// Parses `DATE:AMOUNT` as the command line and the holds CSV write an instalment: the date `YYYY-MM-DD` or
    /// `d.M.yyyy` (`LocalDate(asWritten:)`), the amount in euros as decimal text read exactly (`125.50`, `125,50`,
    /// `200`; never more than two decimals), more than zero.
    /// - Throws: `ValueError` naming what is wrong.
    public init(parsing text: String) throws(ValueError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ValueError(expected: "instalment", text: text, problem: "expected DATE:AMOUNT, as 2026-12-31:150.00")
        }
        let date = try LocalDate(asWritten: String(parts[0]))
        let amount: Amount
        do {
            amount = try Amount(parsing: String(parts[1]), currency: .euro)
        } catch {
            throw ValueError(expected: "instalment", text: text, problem: error.description)
        }
        guard amount.minorUnits > 0 else {
            throw ValueError(expected: "instalment", text: text, problem: "an instalment is more than zero")
        }
        self.init(date: date, amount: amount.minorUnits)
    }
}

extension LocalDate {
    /// Parses a date written exactly `YYYY-MM-DD` (no other of `init(parsing:)`'s forms): what people type on the
    /// command line and in the accountant's CSVs.
    /// - Throws: `ValueError` if the text is not such a date or names no real day.
    public init(exactly text: String) throws(ValueError) {
        guard text.utf8.count == 10, let date = try? LocalDate(parsing: text), date.description == text else {
            throw ValueError(expected: "date", text: text, problem: "expected YYYY-MM-DD, a real day")
        }
        self = date
    }

    /// Parses a date as a person or a spreadsheet writes it in saatava's CSVs: exactly `YYYY-MM-DD`, or `d.M.yyyy` as
    /// Finnish and Swedish write dates (`27.11.2026`, `5.1.2026`; leading zeros allowed), as Excel in a Finnish locale
    /// keeps a date cell.
    /// - Throws: `ValueError` if the text is neither or names no real day.
    public init(asWritten text: String) throws(ValueError) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            self = try LocalDate(exactly: text)
            return
        }
        guard parts[0].utf8.count <= 2, parts[1].utf8.count <= 2, parts[2].utf8.count == 4,
            parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
            let date = LocalDate(year: Int(parts[2])!, month: Int(parts[1])!, day: Int(parts[0])!)
        else {
            throw ValueError(expected: "date", text: text, problem: "expected d.M.yyyy or YYYY-MM-DD, a real day")
        }
        self = date
    }
}
