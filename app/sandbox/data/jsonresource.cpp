#include "sandbox/data/jsonresource.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

namespace kete::sandbox {

QJsonObject readJsonResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("Sandbox data resource %s is missing from the build", qPrintable(path));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        qFatal("Sandbox data resource %s is not a JSON object: %s at offset %d", qPrintable(path),
               qPrintable(error.errorString()), error.offset);
    }
    return document.object();
}

} // namespace kete::sandbox
