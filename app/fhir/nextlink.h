#pragma once

#include <QByteArrayView>
#include <QUrl>

namespace kete::fhir {

// The `next` link of a searchset Bundle, read without parsing the entries (simdjson On-Demand
// skips them), so that the next page can be asked for while this one is parsed. Empty when
// there is none or the text is not a readable Bundle: then the full parse decides.
QUrl peekNextLink(QByteArrayView json);

} // namespace kete::fhir
