/// An exact amount of money: a whole number of minor units (cents for EUR) in one currency.
///
/// Never a floating-point number. Parsed straight from text ("125.50", "125,50", ".13", "-56.75");
/// printed as a decimal string with a dot and exactly the currency's minor digits ("125.50", "-10.00").
public struct Amount: Hashable, Sendable, CustomStringConvertible {
    /// The amount in minor units: 12550 for 125.50 EUR.
    public let minorUnits: Int64
    /// The currency the amount is in.
    public let currency: Currency

    /// Creates an amount from minor units.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in a currency.
    public static func zero(_ currency: Currency) -> Amount { Amount(minorUnits: 0, currency: currency) }

    /// How to round a value that has more decimals than its currency. Callers must name one to allow rounding.
    public enum Rounding: Sendable, Equatable {
        /// Half away from zero (0.125 → 0.13, -0.125 → -0.13): the usual commercial rule.
        case halfAwayFromZero
        /// Half to even, banker's rounding (0.125 → 0.12, 0.135 → 0.14).
        case halfToEven
        /// Toward zero: extra decimals are cut off.
        case towardZero
    }

    /// Parses a decimal amount: an optional sign, digits, and at most one decimal separator (`.` or `,`).
    ///
    /// Accepts "125.50", "125,50", ".13", "200", "-56.75", "+5". Refuses an empty text, a second sign or
    /// separator, spaces or thousands separators, and (unless `rounding` is given) more decimals than the
    /// currency has: "1.234" is not a euro amount. Trailing zeros need no rounding: "1.2300" is 1.23 EUR.
    /// - Throws: `AmountError` saying what is wrong.
    public init(parsing text: String, currency: Currency, rounding: Rounding? = nil) throws(AmountError) {
        var utf8Text = text
        let units = utf8Text.withUTF8 { Self.parseMinorUnits($0, currency: currency, rounding: rounding, text: text) }
        self.init(minorUnits: try units.get(), currency: currency)
    }

    /// Parses an amount from UTF-8 (or ASCII) bytes, the allocation-free path for parsers.
    /// - Throws: `AmountError` as `init(parsing:currency:rounding:)`.
    public init(
        parsing bytes: UnsafeBufferPointer<UInt8>, currency: Currency, rounding: Rounding? = nil
    ) throws(AmountError) {
        let units = try Self.parseMinorUnits(
            bytes, currency: currency, rounding: rounding, text: String(decoding: bytes, as: UTF8.self)
        ).get()
        self.init(minorUnits: units, currency: currency)
    }

    private static func parseMinorUnits(
        _ bytes: UnsafeBufferPointer<UInt8>, currency: Currency, rounding: Rounding?, text: @autoclosure () -> String
    ) -> Result<Int64, AmountError> {
        var index = 0
        var isNegative = false
        if index < bytes.count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
            isNegative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        // The magnitude is read unsigned, so that the most negative amount (-2^63 minor units) reads back too.
        var whole: UInt64 = 0
        var fraction: UInt64 = 0
        var fractionDigits = 0
        var digitCount = 0
        var hasSeparator = false
        var firstDroppedDigit: UInt8? = nil
        var hasMoreDroppedDigits = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") {
                guard !hasSeparator else { return .failure(AmountError(text: text(), reason: .malformed)) }
                hasSeparator = true
                continue
            }
            guard byte >= 0x30 && byte <= 0x39 else { return .failure(AmountError(text: text(), reason: .malformed)) }
            let digit = UInt64(byte - 0x30)
            digitCount += 1
            if !hasSeparator {
                let (times, overflowA) = whole.multipliedReportingOverflow(by: 10)
                let (sum, overflowB) = times.addingReportingOverflow(digit)
                guard !overflowA && !overflowB else { return .failure(AmountError(text: text(), reason: .tooLarge)) }
                whole = sum
            } else if fractionDigits < currency.minorDigits {
                fraction = fraction * 10 + digit
                fractionDigits += 1
            } else if firstDroppedDigit == nil {
                firstDroppedDigit = UInt8(digit)
            } else if digit != 0 {
                hasMoreDroppedDigits = true
            }
        }
        guard digitCount > 0 else { return .failure(AmountError(text: text(), reason: .malformed)) }
        while fractionDigits < currency.minorDigits {
            fraction *= 10
            fractionDigits += 1
        }
        var scale: UInt64 = 1
        for _ in 0..<currency.minorDigits { scale *= 10 }
        let (scaled, overflowA) = whole.multipliedReportingOverflow(by: scale)
        var (magnitude, overflowB) = scaled.addingReportingOverflow(fraction)
        guard !overflowA && !overflowB else { return .failure(AmountError(text: text(), reason: .tooLarge)) }
        if let dropped = firstDroppedDigit, dropped != 0 || hasMoreDroppedDigits {
            guard let rounding else {
                return .failure(AmountError(text: text(), reason: .tooManyDecimals(allowed: currency.minorDigits)))
            }
            let roundsUp: Bool
            switch rounding {
            case .towardZero: roundsUp = false
            case .halfAwayFromZero: roundsUp = dropped >= 5
            case .halfToEven: roundsUp = dropped > 5 || (dropped == 5 && (hasMoreDroppedDigits || magnitude % 2 == 1))
            }
            if roundsUp {
                let (next, overflow) = magnitude.addingReportingOverflow(1)
                guard !overflow else { return .failure(AmountError(text: text(), reason: .tooLarge)) }
                magnitude = next
            }
        }
        guard magnitude <= (isNegative ? Int64.min.magnitude : UInt64(Int64.max)) else {
            return .failure(AmountError(text: text(), reason: .tooLarge))
        }
        return .success(isNegative ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude))
    }

    /// The amount as a decimal string with a dot and the currency's minor digits: "125.50", "-0.05", "200".
    public var decimalString: String { withDecimalUTF8 { String(decoding: $0, as: UTF8.self) } }

    /// Calls `body` with the bytes of `decimalString`, made without allocating (for writers of many amounts).
    @inlinable
    public func withDecimalUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        // 20 digits of a UInt64, a dot and a sign; more digits only when the currency has more minor digits.
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(currency.minorDigits, 20) + 3) { buffer in
            var magnitude = minorUnits.magnitude
            var first = buffer.count
            func prepend(_ byte: UInt8) {
                first -= 1
                buffer[first] = byte
            }
            for position in 0..<max(currency.minorDigits + 1, 20) {
                if position == currency.minorDigits && position > 0 { prepend(UInt8(ascii: ".")) }
                prepend(UInt8(0x30 + magnitude % 10))
                magnitude /= 10
                if magnitude == 0 && position >= currency.minorDigits { break }
            }
            if minorUnits < 0 { prepend(UInt8(ascii: "-")) }
            return try body(UnsafeBufferPointer(rebasing: buffer[first...]))
        }
    }

    /// "125.50 EUR".
    public var description: String { "\(decimalString) \(currency.code)" }

    /// Whether the amount is below zero.
    public var isNegative: Bool { minorUnits < 0 }

    /// The sum of two amounts in the same currency. Mixing currencies is a programming error and traps.
    public static func + (lhs: Amount, rhs: Amount) -> Amount {
        precondition(lhs.currency == rhs.currency, "adding \(rhs.currency) to \(lhs.currency)")
        return Amount(minorUnits: lhs.minorUnits + rhs.minorUnits, currency: lhs.currency)
    }

    /// The difference of two amounts in the same currency. Mixing currencies is a programming error and traps.
    public static func - (lhs: Amount, rhs: Amount) -> Amount {
        precondition(lhs.currency == rhs.currency, "subtracting \(rhs.currency) from \(lhs.currency)")
        return Amount(minorUnits: lhs.minorUnits - rhs.minorUnits, currency: lhs.currency)
    }

    /// The amount with its sign flipped.
    public static prefix func - (amount: Amount) -> Amount {
        Amount(minorUnits: -amount.minorUnits, currency: amount.currency)
    }
}

/// Why a text is not an amount.
public struct AmountError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The reasons an amount is refused.
    public enum Reason: Sendable, Equatable {
        /// Not a decimal number: empty, letters, spaces, two signs or two separators.
        case malformed
        /// More decimals than the currency has, and no rounding rule was named.
        case tooManyDecimals(allowed: Int)
        /// Does not fit in 64-bit minor units.
        case tooLarge
    }

    /// The text that was refused.
    public let text: String
    /// Why it was refused.
    public let reason: Reason

    public var description: String {
        switch reason {
        case .malformed:
            return "'\(text)' is not an amount (expected digits with at most one '.' or ',' and an optional sign)"
        case .tooManyDecimals(let allowed):
            return "'\(text)' has more than \(allowed) decimals"
        case .tooLarge:
            return "'\(text)' is too large an amount"
        }
    }
}
