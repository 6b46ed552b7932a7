import Foundation
@testable import Pipeline

// The JSON config (`saatava run --config FILE`). Contract: a config, or a ConfigError that names the file; a
// config has an absolute working directory and a language saatava speaks; the same file read twice gives the
// same outcome; nothing traps.

private func read(_ path: String) -> String {
    do {
        let config = try RunConfig(path: path)
        require(config.workdir.hasPrefix("/"), "workdir '\(config.workdir)' is not absolute")
        require(["fi", "sv", "en"].contains(config.language), "language '\(config.language)'")
        require(config.trendMarginDays >= 0, "trendMarginDays \(config.trendMarginDays)")
        return "\(config.workdir) \(config.language) \(config.csv) \(config.dayCount) \(config.delivery.count) "
            + "\(config.autoApply.map(\.rawValue).sorted()) \(config.metricsFile ?? "-") \(config.trendMarginDays)"
    } catch {
        require(error.description.hasPrefix(path + ":"), "a refusal that does not name the file: \(error)")
        return error.description
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = writeInput(data, size, name: "saatava.json")
    let first = read(path)
    require(read(path) == first, "the same file read twice gives two outcomes")
    return 0
}
