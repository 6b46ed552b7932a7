import Foundation
import Receivables
import Reports
import SystemIO

/// The working directory's folders (docs/ledger.md) and the moves between them.
struct WorkFolders {
    let root: String
    var inbox: String { root + "/inbox" }
    var decisions: String { root + "/inbox/decisions" }
    var quarantine: String { root + "/quarantine" }
    var state: String { root + "/state" }
    var ledger: String { state + "/saatava.sqlite" }

    func create() throws {
        for folder in [inbox, decisions, quarantine, state, root + "/archive", root + "/outbox"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    /// The inbox's files to process, by name: not folders, not dot-files, not partial uploads (`*.part`, `*.tmp`).
    func inboxFiles() throws -> [String] { try files(in: inbox) }

    /// The accountant's decision files.
    func decisionFiles() throws -> [String] { try files(in: decisions).filter { $0.lowercased().hasSuffix(".csv") } }

    private func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { name in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue else {
                return false
            }
            return !name.hasPrefix(".") && !name.hasSuffix(".part") && !name.hasSuffix(".tmp")
        }.sorted()
    }

    /// The folder for a day's outputs: outbox/<day>/, or outbox/<day>/run-<n>/ (n = 2, 3 …) when a run for the
    /// day has finished writing there already: a past run's outputs are never overwritten. Temporary files a run
    /// killed while writing left behind are removed.
    func outbox(for day: LocalDate) throws -> String {
        var folder = root + "/outbox/\(day)"
        var run = 1
        while FileManager.default.fileExists(atPath: folder + "/run-summary.json") {
            run += 1
            folder = root + "/outbox/\(day)/run-\(run)"
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.contains(".tmp-") {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        return folder
    }

    /// Moves a processed file to archive/<as-of>/, never over another file of the same name.
    func archive(_ name: String, from folder: String? = nil, asOf: LocalDate) throws {
        let target = root + "/archive/\(asOf)"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: (folder ?? inbox) + "/" + name, toPath: freeName(name, in: target))
    }

    /// Moves a refused file to quarantine/ with `<name>.error.txt` saying why.
    func quarantine(_ name: String, from folder: String? = nil, reason: String) throws {
        let destination = freeName(name, in: quarantine)
        try FileManager.default.moveItem(atPath: (folder ?? inbox) + "/" + name, toPath: destination)
        try AtomicFile.write(reason + "\n", to: destination + ".error.txt")
    }

    /// The quarantined files with their reasons, by name.
    func quarantined() throws -> [(file: String, reason: String)] {
        try FileManager.default.contentsOfDirectory(atPath: quarantine).filter { !$0.hasSuffix(".error.txt") }.sorted().map { name in
            let reason = (try? String(contentsOfFile: quarantine + "/" + name + ".error.txt", encoding: .utf8)) ?? ""
            return (name, reason.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private func freeName(_ name: String, in folder: String) -> String {
        var candidate = folder + "/" + name
        var counter = 1
        while FileManager.default.fileExists(atPath: candidate) {
            counter += 1
            candidate = folder + "/" + name + ".\(counter)"
        }
        return candidate
    }
}
