import Foundation
import Testing
import TestKit
import SanctionsGraph

/// The source registry, the time model and shares from the command line, on the
/// OpenSanctions-shaped fixture (Graphs/opensanctions-cluster.ftm.json).
@Suite(.serialized) struct SourcesCLITests {
    static let cluster = "Graphs/opensanctions-cluster.ftm.json"

    static func object(_ r: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any], "\(r.stdout)\n\(r.stderr)")
    }

    @Test func infoListsEverySourceWithWhatCountsIt() throws {
        let r = try runCLI(["info", Self.cluster, "--as-of", "2022-06-01", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try Self.object(r)
        let sources = try #require(o["sources"] as? [[String: Any]])
        func source(_ dataset: String) -> [String: Any]? { sources.first { $0["dataset"] as? String == dataset } }
        #expect(source("us_ofac_sdn")?["countedBy"] as? [String] == ["ofac"])
        #expect(source("us_ofac_sdn")?["measure"] as? String == "asset-freeze")
        #expect(source("us_sam_exclusions")?["measure"] as? String == "debarment" && source("us_sam_exclusions")?["countedBy"] as? [String] == [])
        #expect(source("eu_travel_bans")?["measure"] as? String == "travel-ban")
        #expect(source("eu_fsf")?["countedBy"] as? [String] == ["eu"])
        #expect(source("fr_tresor_gels_avoir")?["jurisdiction"] as? String == "fr", "national lists keep their own code")
        #expect((o["undatedListings"] as? Int ?? 0) > 0 && (o["undatedListingsNotKnownInForce"] as? Int ?? 0) > 0)
        let designations = try #require(o["designations"] as? [String: Int])
        #expect(designations["ca"] != nil && designations["jp"] != nil, "codes are kept, not folded into 'other': \(designations)")
        let warnings = try #require(o["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("x-c-dual-register-optics") && $0.contains("one stake of 30%") }, "\(warnings)")
    }

    @Test func undatedListingsAreUndeterminedUnlessAskedOtherwise() throws {
        let args = ["blocked", Self.cluster, "--rule", "ofac", "--as-of", "2022-06-01", "--format", "csv"]
        let r = try runCLI(args)
        #expect(r.status == 0, "\(r.stderr)")
        let rostec = r.stdout.split(separator: "\n").first { $0.hasPrefix("NK-rostec,") }
        #expect(rostec?.contains(",undetermined,") == true && rostec?.contains("listing date unknown") == true, "\(r.stdout)")
        let old = try runCLI(args + ["--undated", "in-force"])
        #expect(old.stdout.split(separator: "\n").first { $0.hasPrefix("NK-rostec,") }?.contains(",designated,") == true)
        let bad = try runCLI(args + ["--undated", "sometimes"])
        #expect(bad.status != 0)
    }

    @Test func explainNamesTheCountedRecordAndWhyOthersDoNotCount() throws {
        let r = try runCLI(["explain", Self.cluster, "NK-kalashnikov-concern", "--rule", "ofac", "--as-of", "2026-11-01"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("designated (us_ofac_sdn, Office of Foreign Assets Control"), "\(r.stdout)")
        #expect(r.stdout.contains("listings of "), "\(r.stdout)")
        #expect(r.stdout.contains("not this rule's jurisdiction") && r.stdout.contains("not an asset freeze (debarment"), "\(r.stdout)")
        let json = try Self.object(try runCLI(["explain", Self.cluster, "NK-kalashnikov-concern", "--rule", "ofac", "--as-of", "2026-11-01", "--format", "json"]))
        let explanation = try #require(json["explanation"] as? [String: Any])
        let counted = try #require(explanation["designations"] as? [[String: Any]])
        #expect(counted.first?["datasets"] as? [String] == ["us_ofac_sdn"] && counted.first?["start"] is NSNull, "the SDN record is undated")
        let notCounted = try #require(explanation["notCounted"] as? [[String: Any]])
        #expect(notCounted.contains { ($0["reason"] as? String)?.contains("debarment") == true }, "SAM's exclusion is not a freeze")
    }

    @Test func aSourcesFileReclassifiesAndABadOneFailsWithItsLine() throws {
        let dir = try TempDir("sources")
        defer { dir.remove() }
        let good = try dir.write("mine.tsv", "# count OFAC's non-SDN lists on purpose\nmatch\tkey\tjurisdiction\tmeasure\tlabel\tcitation\ndataset\tus_ofac_cons\tus\tasset-freeze\ttest\t-\n")
        let base = ["blocked", Self.cluster, "--rule", "ofac", "--as-of", "2026-11-01", "--format", "json"]
        let before = try Self.object(try runCLI(base))
        let after = try Self.object(try runCLI(base + ["--sources", good]))
        let designatedBefore = (before["counts"] as? [String: Int])?["designated"] ?? 0
        let designatedAfter = (after["counts"] as? [String: Int])?["designated"] ?? 0
        #expect(designatedAfter >= designatedBefore)
        let info = try Self.object(try runCLI(["info", Self.cluster, "--sources", good, "--format", "json"]))
        let cons = (info["sources"] as? [[String: Any]])?.first { $0["dataset"] as? String == "us_ofac_cons" }
        #expect(cons?["countedBy"] as? [String] == ["ofac"])
        #expect((info["sourceRegistry"] as? [String: Any])?["files"] as? [String] == [good])
        let bad = try dir.write("bad.tsv", "match\tkey\tjurisdiction\tmeasure\tlabel\tcitation\ndataset\tx\tus\tfreeze\tl\t-\n")
        let r = try runCLI(["info", Self.cluster, "--sources", bad])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.tsv:2") && r.stderr.contains("measure 'freeze'"), "\(r.stderr)")
    }

    /// "no joint arrangement" joins nobody; --joint states an arrangement the data does not,
    /// and the explanation says what joined the group.
    @Test func jointArrangementsOnlyWhenStated() throws {
        let base = ["explain", Self.cluster, "x-c-two-holders-ltd", "--rule", "uk", "--as-of", "2026-11-01"]
        let plain = try runCLI(base)
        #expect(plain.status == 0 && plain.stdout.contains("x-c-two-holders-ltd]: clear"), "\(plain.stdout)")
        let joint = try runCLI(base + ["--joint", "x-p-primerov,x-p-byvshev"])
        #expect(joint.status == 0, "\(joint.stderr)")
        #expect(joint.stdout.contains("x-c-two-holders-ltd]: owned") && joint.stdout.contains("joint arrangement") && joint.stdout.contains("--joint"), "\(joint.stdout)")
        let bad = try runCLI(base + ["--joint", "x-p-primerov"])
        #expect(bad.status != 0 && bad.stderr.contains("expected A,B"))
    }

    @Test func searchAcrossScriptsAndAResolverThatNeverGuesses() throws {
        let r = try runCLI(["search", Self.cluster, "Калашников", "--as-of", "2026-11-01", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "id,name,schema,countries,matched,score,ofac,eu,uk")
        #expect(lines.dropFirst().first?.hasPrefix("NK-kalashnikov-concern,Kalashnikov Concern,Company,") == true, "\(r.stdout)")
        let zak = try Self.object(try runCLI(["search", Self.cluster, "Zaharov", "--format", "json"]))
        #expect(((zak["hits"] as? [[String: Any]])?.first?["id"] as? String) == "NK-aleksandr-zakharov")
        // An alias resolves, and the note says which name matched.
        let alias = try runCLI(["explain", Self.cluster, "Концерн Калашников", "--rule", "ofac", "--as-of", "2026-11-01"])
        #expect(alias.status == 0 && alias.stderr.contains("matched Kalashnikov Concern [NK-kalashnikov-concern]"), "\(alias.stderr)")
        // A partial name is not picked: it fails and lists the closest.
        let partial = try runCLI(["explain", Self.cluster, "Kalashnikov", "--rule", "ofac"])
        #expect(partial.status == 1 && partial.stderr.contains("NK-kalashnikov-concern"), "\(partial.stderr)")
    }

    /// FtM → FtM loses nothing: every record (addresses and identifications too), every
    /// property and value, caption, datasets, referents, first/last_seen, last_change, target.
    @Test func ftmToFtmIsLossless() throws {
        let dir = try TempDir("lossless")
        defer { dir.remove() }
        let out = dir.file("copy.ftm.json")
        let r = try runCLI(["convert", Self.cluster, "-o", out])
        #expect(r.status == 0 && r.stderr.contains("every property kept"), "\(r.stderr)")
        func records(_ path: String) throws -> [String: NSDictionary] {
            var d: [String: NSDictionary] = [:]
            for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
                let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                // An empty list and an absent one say the same.
                let kept = o.filter { !(($0.value as? [Any])?.isEmpty ?? false) }
                d[o["id"] as? String ?? ""] = kept as NSDictionary
            }
            return d
        }
        let original = try records(repoRoot() + "/" + Self.cluster), copy = try records(out)
        #expect(original.count == copy.count && original.count > 100)
        for (id, o) in original { #expect(copy[id] == o, "\(id)") }
        #expect(copy.values.contains { ($0["schema"] as? String) == "Address" } && copy.values.contains { ($0["schema"] as? String) == "Passport" })
        // The CSV trio says what it does not carry.
        let trio = try runCLI(["convert", Self.cluster, "-o", dir.file("trio")])
        #expect(trio.status == 0 && trio.stderr.contains("not carried:") && trio.stderr.contains("Address"), "\(trio.stderr)")
    }
}
