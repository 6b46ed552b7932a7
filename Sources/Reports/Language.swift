import Receivables

/// The languages saatava writes for people in: reminder letters (in the buyer's language) and the accountant's
/// report (in the config's `language`). Each has one catalogue of texts per kind of page (`letter`, `report`).
public enum Language: String, Sendable, CaseIterable {
    case fi
    case sv
    case en

    /// The language for a language code (any case): Swedish or English when it says so, else Finnish (also when it
    /// names none, or one saatava has no texts for).
    public init(code: String?) {
        switch code?.lowercased() {
        case "sv": self = .sv
        case "en": self = .en
        default: self = .fi
        }
    }

    /// Every visible text of a reminder letter in this language.
    var letter: LetterTexts {
        switch self {
        case .fi: return .finnish
        case .sv: return .swedish
        case .en: return .english
        }
    }

    /// Every visible text of the accountant's report in this language.
    var report: ReportTexts {
        switch self {
        case .fi: return .finnish
        case .sv: return .swedish
        case .en: return .english
        }
    }

    static let noBreakSpace = "\u{00A0}"
    private static let minus = "\u{2212}"

    /// An amount in minor units as this language writes money, exactly (from the integer, never through a binary
    /// fraction): `1 234,56 €` in Finnish and Swedish (a no-break space U+00A0 between thousands and before the
    /// currency), `€1,234.56` in English. Other currencies than the euro take their code (`1 234,56 SEK`,
    /// `SEK 1,234.56`); a negative amount has a minus sign (U+2212).
    func money(_ minorUnits: Int64, _ currency: Currency) -> String {
        let decimal = Amount(minorUnits: minorUnits, currency: currency).decimalString
        let unsigned = decimal.hasPrefix("-") ? String(decimal.dropFirst()) : decimal
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        let isEnglish = self == .en
        var digits = Array(parts[0])
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(String(digits), at: 0)
        var number = groups.joined(separator: isEnglish ? "," : Self.noBreakSpace)
        if parts.count == 2 { number += (isEnglish ? "." : ",") + parts[1] }
        let sign = minorUnits < 0 ? Self.minus : ""
        let isEuro = currency == .euro
        if isEnglish { return sign + (isEuro ? "€" : currency.code + Self.noBreakSpace) + number }
        return sign + number + Self.noBreakSpace + (isEuro ? "€" : currency.code)
    }
}

extension LocalDate {
    /// The date as Finnish and Swedish write it: day and month without leading zeros (`5.1.2026`), the year in four
    /// digits also before 1000 (`1.12.0026`), as `LocalDate(asWritten:)` reads it back.
    var dayMonthYear: String {
        let year = String(self.year)
        return "\(day).\(month).\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)"
    }
}
