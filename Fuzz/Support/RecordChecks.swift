import Receivables

// The contract checks on records, shared by the bank and invoice harnesses.

/// An amount's text reads back as the same amount, and its currency is three upper-case ASCII letters.
func checkAmount(_ amount: Amount, _ what: String) {
    let code = amount.currency.code.utf8
    require(code.count == 3 && code.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }, "\(what): currency '\(amount.currency)'")
    let again = try? Amount(parsing: amount.decimalString, currency: amount.currency)
    require(again == amount, "\(what): '\(amount.decimalString)' does not read back as \(amount.minorUnits)")
}

/// A stated reference is trimmed; a valid one is canonical (it reads back as itself).
func checkReference(_ reference: StatedReference?, _ what: String) {
    switch reference {
    case .valid(let valid):
        require((try? CreditorReference(parsing: valid.canonical)) == valid, "\(what): '\(valid)' is not canonical")
    case .invalid(let text):
        require(!text.isEmpty && text == text.trimmingWhitespace, "\(what): invalid reference '\(text)' not trimmed")
        require((try? CreditorReference(parsing: text)) == nil, "\(what): '\(text)' kept invalid but is valid")
    case nil: break
    }
}

/// A payment as the readers hand it out: exact amounts in its currency, an archive id, canonical references.
func checkPayment(_ payment: Payment, file: String) {
    require(payment.file == file, "payment names file '\(payment.file)'")
    require(!payment.archiveId.isEmpty, "payment without an archive id")
    for amount in [payment.amount, payment.instructedAmount, payment.charges].compactMap({ $0 }) {
        checkAmount(amount, "payment \(payment.archiveId)")
    }
    if let amount = payment.amount {
        require(amount.currency == payment.currency, "payment \(payment.archiveId): amount not in its currency")
    }
    checkReference(payment.reference, "payment \(payment.archiveId)")
    for part in payment.parts {
        if let amount = part.amount { checkAmount(amount, "payment \(payment.archiveId) part") }
        checkReference(part.reference, "payment \(payment.archiveId) part")
    }
}
