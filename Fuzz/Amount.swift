import Receivables
import Glibc

// Amounts read from text, as every reader takes them. The first byte picks a currency (0, 2, 3 or 4 minor
// digits), the rest is the text. Contract: the text and its bytes read alike; a value read prints as text that
// reads back as the same value (with a decimal comma too); every rounding agrees with the exact reading when
// there is one, and rounds by less than one minor unit; and, for any 64-bit number of minor units taken from
// the input, parse(format(x)) == x.

private let currencies = ["EUR", "JPY", "KWD", "CLF"].map { Currency(code: $0)! }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAmount(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let currency = currencies[Int(data[0]) % currencies.count]
    let body = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let text = String(decoding: body, as: UTF8.self)
    let exact = try? Amount(parsing: text, currency: currency)
    if body.allSatisfy({ $0 < 0x80 }) {
        require((try? Amount(parsing: body, currency: currency)) == exact, "'\(text)': bytes and text read otherwise")
    }
    if let exact {
        checkRoundTrip(exact)
        let comma = exact.decimalString.replacing(".", with: ",")
        require((try? Amount(parsing: comma, currency: currency)) == exact, "'\(comma)' reads otherwise")
    }
    for rounding in [Amount.Rounding.halfAwayFromZero, .halfToEven, .towardZero] {
        let rounded = try? Amount(parsing: text, currency: currency, rounding: rounding)
        if let exact { require(rounded == exact, "'\(text)' rounds \(rounding) though exact") }
        if let rounded {
            checkRoundTrip(rounded)
            // Rounding moves by at most one minor unit from the value cut off after the currency's digits.
            if let cut = try? Amount(parsing: text, currency: currency, rounding: .towardZero) {
                let (difference, overflow) = rounded.minorUnits.subtractingReportingOverflow(cut.minorUnits)
                require(!overflow && difference.magnitude <= 1, "'\(text)' rounds \(rounding) to \(rounded)")
            }
        }
    }
    if size >= 9 {
        var minorUnits: Int64 = 0
        memcpy(&minorUnits, data + 1, 8)
        for currency in currencies { checkRoundTrip(Amount(minorUnits: minorUnits, currency: currency)) }
    }
    return 0
}

private func checkRoundTrip(_ amount: Amount) {
    let text = amount.decimalString
    require((try? Amount(parsing: text, currency: amount.currency)) == amount, "\(amount.minorUnits) printed as '\(text)' reads otherwise")
}
