#pragma once

#include "common/result.h"

#include <QString>
#include <Qt>

class QAbstractItemModel;

namespace kete::models {

// The text a model gives an export instead of its DisplayRole text, where they differ: units
// as the server sent them ("10*3/uL") where the screen shows "×10³/µL".
inline constexpr int ExportTextRole = Qt::UserRole + 0x100;

// A flat model as CSV (RFC 4180): the horizontal header, then each row's ExportTextRole text
// where the model gives one, else its DisplayRole text.
// Fields are quoted when they hold quotes, commas or line breaks; lines end in CRLF. A field
// a spreadsheet would run as a formula (= + - @ tab CR first) gets a leading ' unless it is a
// plain number, so "-3.2" stays a number.
QString toCsv(const QAbstractItemModel &model);

// One CSV field, escaped and guarded as toCsv() does.
QString csvField(const QString &text);

// Writes `csv` as UTF-8 with a byte order mark (which Excel needs to read UTF-8), atomically:
// the file is replaced only when everything was written.
Result<void> writeCsvFile(const QString &path, const QString &csv);

} // namespace kete::models
