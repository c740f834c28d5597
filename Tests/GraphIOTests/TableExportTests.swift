import Testing
import TestKit
import GraphIO
import SanctionsModel

/// `export --tables` (docs/tables.md): the network as plain tables for a cluster.
@Suite struct TableExportTests {
    /// The rows of a table: every part's lines but its header, and the header.
    func table(_ folder: String, _ name: String) throws -> (header: String, rows: [String]) {
        var header = "", rows: [String] = []
        var part = 0
        while true {
            let path = "\(folder)/\(name)/part-\(String(format: "%05d", part)).csv"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { break }
            let lines = text.split(separator: "\n").map(String.init)
            header = lines[0]
            rows += lines.dropFirst()
            part += 1
        }
        return (header, rows)
    }

    @Test func tablesHoldEveryEntityTieAndListingInParts() throws {
        let (network, _) = try GraphLoader.load(path: repoRoot() + "/Graphs/demo-rare-earths.ftm.json")
        let dir = try TempDir("tables")
        defer { dir.remove() }
        let summary = try TableExport.write(network, to: dir.path, rowsPerFile: 50)
        #expect(summary.rows == ["entities": 81, "ties": 142, "designations": 16])
        #expect(summary.files == ["entities": 2, "ties": 3, "designations": 1])
        let entities = try table(dir.path, "entities"), ties = try table(dir.path, "ties"), listings = try table(dir.path, "designations")
        #expect(entities.header == "id,kind,name,countries" && entities.rows.count == 81)
        #expect(ties.header == "owner,asset,kind,share_low,share_high,low_open,high_open,share_known,share_class,start,end,joint" && ties.rows.count == 142)
        #expect(listings.header == "entity,jurisdiction,measure,start,end,known_since,dataset,source,unsc_id" && listings.rows.count == 16)
        #expect(entities.rows.contains("p-denis-stolnik,Person,Denis Stolnik,ru;cy"))
        #expect(ties.rows.contains("p-viktor-stolnik,c-borealis-mineral-holdings,Ownership,70,70,false,false,true,,2021-12-01,,false"))
        #expect(ties.rows.contains("c-borealis-mineral-holdings,c-lovat-rare-metals,Ownership,0,100,false,false,false,,2018-09-17,,false"), "unknown share: 0-100, not known")
        #expect(listings.rows.contains { $0.hasPrefix("p-nigel-pembry,gb,disqualification,2023-05-10,") }, "classified by the registry")
        // A second, smaller export leaves no stale part behind.
        try TableExport.write(network, to: dir.path, rowsPerFile: 1000)
        #expect(try table(dir.path, "ties").rows.count == 142)
        let manifest = try String(contentsOfFile: dir.path + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"formatVersion\": 1") && manifest.contains("\"rows\": 142"))
    }

    @Test func rangesOpenEndsUndatedListingsAndJointArrangements() throws {
        let lines = [
            #"{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}"#,
            #"{"id": "b", "schema": "Person", "properties": {"name": ["B"]}}"#,
            #"{"id": "c", "schema": "Company", "properties": {"name": ["C"]}}"#,
            #"{"id": "o1", "schema": "Ownership", "properties": {"owner": ["a"], "asset": ["c"], "percentage": [">25"], "sharesType": ["ordinary"], "startDate": ["2020-01-01"]}}"#,
            #"{"id": "j1", "schema": "Associate", "properties": {"person": ["a"], "associate": ["b"], "role": ["Joint  Arrangement"]}}"#,
            #"{"id": "s1", "schema": "Sanction", "first_seen": "2023-05-01T00:00:00", "properties": {"entity": ["a"], "country": ["gb"], "unscId": ["QDi.1"]}}"#,
        ]
        let dir = try TempDir("tables")
        defer { dir.remove() }
        let path = try dir.write("in.ftm.json", lines.joined(separator: "\n") + "\n")
        let (network, _) = try GraphLoader.load(path: path)
        try TableExport.write(network, to: dir.path + "/t")
        let ties = try table(dir.path + "/t", "ties").rows
        #expect(ties.contains("a,c,Ownership,25,100,true,false,true,ordinary,2020-01-01,,false"), "\(ties)")
        #expect(ties.contains { $0.hasPrefix("a,b,Associate,") && $0.hasSuffix(",true") }, "the joint-arrangement flag, spacing and case folded")
        let listing = try table(dir.path + "/t", "designations").rows
        #expect(listing == ["a,gb,asset-freeze,,,2023-05-01,,country gb,QDi.1"], "undated: known since first_seen")
    }
}
