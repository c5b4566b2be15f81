import SQLKit

extension SQLDatabase {
    /// `INSERT INTO table (columns) VALUES (…), (…)`: a few hundred rows to a statement (at most
    /// 2,000 bound values, under both dialects' limits), for every bulk write of the store.
    func insertMany(_ target: String, _ rows: [[any Encodable & Sendable]]) async throws {
        guard let width = rows.first?.count, width > 0 else { return }
        let perStatement = max(1, 2000 / width)
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + perStatement, rows.count)]
            var sql = SQLQueryString("INSERT INTO " + target + " VALUES ")
            for (i, row) in chunk.enumerated() { sql += (i == 0 ? "(" : ", (") + "\(binds: row))" }
            try await raw(sql).run()
            start += perStatement
        }
    }
}
