#include "common/atomicfile.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>

namespace kete {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete", text);
}

} // namespace

Result<void> writeFileAtomically(const QString &path, const std::function<void(QIODevice &)> &write)
{
    const QString name = QFileInfo(path).fileName();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{tr("Could not create “%1”. Choose another folder or file name.").arg(name),
                     file.errorString(), ErrorCode::FileNotCreated};
    write(file);
    // QSaveFile remembers a failed write: commit() then discards the file and fails.
    if (!file.commit())
        return Error{
            tr("Could not save “%1”. Check that the disk has space and try again.").arg(name),
            file.errorString(), ErrorCode::FileNotSaved};
    return {};
}

} // namespace kete
