#pragma once

#include <QByteArray>
#include <QString>

namespace kete::fhir {

// The most of a report's presentedForm Kete reads (decoded bytes); a larger form is left out.
inline constexpr qsizetype kMaxAttachmentBytes = 64 * 1024;

// The readable text of one Attachment (DiagnosticReport.presentedForm): only inline `data`
// (base64) of type text/plain or text/html; a `url` is never followed. HTML is reduced to its
// text: scripts, styles, comments and every tag (images, links) go, entities are decoded, and
// paragraphs, line breaks and list items become line breaks. Empty when the form is of another
// type, is not valid base64, or is larger than kMaxAttachmentBytes.
QString attachmentText(const QString &contentType, const QByteArray &base64Data);

// HTML reduced to its text, as attachmentText() does.
QString htmlToPlainText(const QString &html);

} // namespace kete::fhir
