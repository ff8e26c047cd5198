#pragma once

#include <QJsonObject>
#include <QString>

namespace kete::sandbox {

// The JSON object in a resource compiled into the sandbox (":/sandbox/..."). The resources are
// part of the build, so a missing or malformed one is a programming error: it stops the process.
QJsonObject readJsonResource(const QString &path);

} // namespace kete::sandbox
