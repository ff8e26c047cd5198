#pragma once

#include "common/result.h"

#include <QString>
#include <functional>

class QIODevice;

namespace kete {

// Writes the file at `path` through `write`, atomically (QSaveFile): the file is replaced only
// when everything was written, so a failed export never leaves half a file or spoils the one
// that was there. The Error names the file and says what the user can do.
Result<void> writeFileAtomically(const QString &path,
                                 const std::function<void(QIODevice &)> &write);

} // namespace kete
