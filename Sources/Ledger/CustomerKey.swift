import Foundation
import Receivables

extension Customer {
    /// A customer key as the ledger books it and looks it up: in Unicode's composed form (NFC). The ledger compares
    /// keys byte for byte and Swift's strings compare what they mean, so a name or street written with combining marks
    /// (`e` + U+0301, as some systems write `é`) would be one customer to saatava's code and two to the ledger.
    static func bookedKey(_ key: String) -> String {
        key.utf8.allSatisfy { $0 < 0x80 } ? key : key.precomposedStringWithCanonicalMapping
    }
}
