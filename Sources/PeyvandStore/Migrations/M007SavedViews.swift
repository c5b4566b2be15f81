extension Migration {
    /// Saved list views: a name and the filters of a customer list, private or shared with everyone.
    static let m007SavedViews = Migration(7, "saved-views") { d in
        [
            """
            CREATE TABLE saved_views (
              id \(d.primaryKey),
              user_id \(d.bigint) NOT NULL REFERENCES users(id),
              name TEXT NOT NULL,
              filters TEXT NOT NULL,
              shared \(d.boolean) NOT NULL,
              created_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX saved_views_user ON saved_views (user_id, id)",
        ]
    }
}
