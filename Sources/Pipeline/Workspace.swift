import Foundation
public import Ledger
public import Receivables

/// What the ledger and decision commands need: the config's working directory and its ledger.
public enum Workspace {
    /// Opens the ledger of a config's working directory (creating the folders when new).
    public static func ledger(config: RunConfig) throws -> Ledger {
        let folders = WorkFolders(root: config.workdir)
        try folders.create()
        return try Ledger(path: folders.state + "/saatava.sqlite")
    }

    /// Today's date in Europe/Helsinki, the calendar saatava keeps.
    public static var today: LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Helsinki") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
