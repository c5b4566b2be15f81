/// What the HTML error page (`error-page.mustache`) renders: what went wrong, in the reader's language.
struct ErrorPageModel {
    let errorTitle: String
    let errorDetail: String
}
