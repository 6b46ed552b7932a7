import Receivables

// Creditor references (Finnish 7-3-1 and RF, ISO 11649), as `saatava ref` and every reader take them. Contract:
// a reference read from text reads back as itself from its canonical form and from its printed form; its RF form
// is an RF reference with the same matching key, and a Finnish reference is the Finnish form of its RF form; a
// reference made from a base starts with that base and is valid; a stated reference is valid exactly when the
// trimmed text is; nothing traps.

private func checkValid(_ reference: CreditorReference, _ text: String) {
    require((try? CreditorReference(parsing: reference.canonical)) == reference, "'\(text)': canonical does not read back")
    require((try? CreditorReference(parsing: reference.printForm)) == reference, "'\(text)': printed form does not read back")
    let rf = reference.rfForm
    require(rf.kind == .rf && (try? CreditorReference(parsing: rf.canonical)) == rf, "'\(text)': RF form \(rf) invalid")
    require(rf.matchingKey == reference.matchingKey, "'\(text)': RF form \(rf) matches otherwise")
    switch reference.kind {
    case .finnish:
        require(rf.finnishForm == reference, "'\(text)': the Finnish form of \(rf) is not \(reference)")
        require(reference.canonical.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }, "'\(text)': Finnish \(reference)")
        require(!reference.canonical.hasPrefix("0"), "'\(text)': leading zero in \(reference)")
    case .rf:
        if let finnish = reference.finnishForm {
            require(finnish.kind == .finnish && finnish.matchingKey == reference.matchingKey, "'\(text)': \(finnish)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReference(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parsed = try? CreditorReference(parsing: text)
    if let parsed { checkValid(parsed, text) }
    switch StatedReference(stated: text) {
    case .valid(let reference):
        require(reference == (try? CreditorReference(parsing: text.trimmingWhitespace)), "'\(text)': stated \(reference)")
    case .invalid(let kept):
        require(kept == text.trimmingWhitespace && (try? CreditorReference(parsing: kept)) == nil, "'\(text)': kept")
    case nil:
        require(text.trimmingWhitespace.isEmpty, "'\(text)': a reference field taken for blank")
    }
    if let made = try? CreditorReference(finnishBase: text) {
        checkValid(made, text)
        let base = String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.drop { $0 == "0" })
        require(made.kind == .finnish && made.canonical.dropLast() == base, "base '\(text)' made \(made)")
    }
    return 0
}
