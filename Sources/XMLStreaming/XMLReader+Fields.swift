public import Receivables

/// The field readers the camt and Finvoice parsers share: an element's trimmed text, a date, an amount with its
/// currency attribute. Each reads the current start element up to its end tag (which becomes the current node),
/// and each error points at the element and names it, as `FILE:LINE:COL: FIELD: problem`.
extension XMLReader {
    /// The text of the current start element, white space trimmed at both ends; nil when it is blank.
    /// - Throws: `XMLError` if the element holds another element, or for malformed XML.
    public mutating func readTrimmedText() throws(XMLError) -> String? {
        let value = try readElementText().trimmingWhitespace
        return value.isEmpty ? nil : value
    }

    /// The date in the current start element; nil when it is blank.
    ///
    /// Takes every form saatava's files write dates in: `YYYY-MM-DD` and ISO date-times (camt `Dt`, `DtTm`), and
    /// `CCYYMMDD` (Finvoice dates, whose `Format` attribute the schemas fix to `CCYYMMDD`, so the text alone says the
    /// form). A date-time with a zone (`Z`, `+02:00`) is an instant, and its date is the day in Helsinki then; one
    /// without is Finnish local time, and its date is the date part as written.
    /// - Throws: `XMLError` naming the field when the text is no date or no real day
    ///   (`InvoiceDate: '20260931' is not a valid date: there is no such day`), or for malformed XML.
    public mutating func readDate() throws(XMLError) -> LocalDate? {
        guard let value = try readTrimmedText() else { return nil }
        if value.utf8.count >= 20, let instant = Timestamps.seconds(value) { return Timestamps.helsinkiDay(instant) }
        do {
            return try LocalDate(parsing: value)
        } catch {
            throw fieldError("\(error)")
        }
    }

    /// The amount in the current start element, in the currency its attribute names.
    ///
    /// The text may use a dot or the Finnish decimal comma (`125.50`, `125,50`) and a sign; it must be exact to
    /// the currency's minor unit (a total never needs rounding). The currency code is trimmed and may be lower case.
    /// - Parameters:
    ///   - currencyAttribute: The attribute that names the currency: `Ccy` (camt), `AmountCurrencyIdentifier`
    ///     (Finvoice).
    ///   - defaultCurrency: The currency when the attribute is absent; nil makes the attribute required.
    ///   - negativeRefusal: When given, a negative amount is refused, the error ending with this reason
    ///     (`Amt: '-5.00' is negative; camt amounts never are`); when nil, negative amounts are read.
    /// - Throws: `XMLError` naming the field when the attribute is missing or names no currency, when the text is
    ///   not an exact amount, or when it is negative and refused; or for malformed XML.
    public mutating func readAmount(
        currencyAttribute: String, defaultCurrency: Currency? = nil, negativeRefusal: String? = nil
    ) throws(XMLError) -> Amount {
        let code = attribute(currencyAttribute)?.trimmingWhitespace
        guard let currency = code.map({ Currency(code: $0) }) ?? defaultCurrency else {
            guard let code else { throw error("\(localName) has no \(currencyAttribute) attribute") }
            throw fieldError("'\(code)' is not a currency code")
        }
        let value = try readElementText().trimmingWhitespace
        // The reader now stands on the end tag, which has the same name: the field is named only on error.
        let amount: Amount
        do {
            amount = try Amount(parsing: value, currency: currency)
        } catch {
            throw fieldError("\(error)")
        }
        if let negativeRefusal, amount.isNegative {
            throw fieldError("'\(value)' is negative; \(negativeRefusal)")
        }
        return amount
    }

    /// An error at the current element that names it: `FIELD: problem`, located at the element's line.
    /// - Parameter problem: What is wrong with the element's content, as a clause without the field name.
    public func fieldError(_ problem: String) -> XMLError {
        error("\(localName): \(problem)")
    }
}
