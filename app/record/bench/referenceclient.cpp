#include "referenceclient.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace kete::bench {

namespace {

QString modulesOf(const QString &prefix)
{
    return QDir(prefix).filePath(QStringLiteral("node_modules"));
}

} // namespace

ReferenceClient::ReferenceClient(QString npmPrefix, QString script)
    : m_npmPrefix(std::move(npmPrefix))
    , m_script(std::move(script))
{}

Result<bool> ReferenceClient::ensureInstalled() const
{
    if (QFile::exists(
            QDir(modulesOf(m_npmPrefix)).filePath(QStringLiteral("fhirclient/package.json"))))
        return true;
    QDir().mkpath(m_npmPrefix);
    QProcess npm;
    npm.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    npm.start(QStringLiteral("npm"),
              {QStringLiteral("install"), QStringLiteral("--prefix"), m_npmPrefix,
               QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
               QStringLiteral("--loglevel=error"), QStringLiteral("fhirclient@2.6")});
    if (!npm.waitForFinished(300000) || npm.exitStatus() != QProcess::NormalExit ||
        npm.exitCode() != 0)
        return Error{QStringLiteral("npm install fhirclient failed."), npm.errorString()};
    return true;
}

Result<ReferenceLoad> ReferenceClient::load(const QUrl &fhirBase, const QString &patientId,
                                            int timeoutMs) const
{
    QProcess node;
    node.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    node.start(QStringLiteral("node"),
               {m_script, fhirBase.toString(), modulesOf(m_npmPrefix), patientId});
    if (!node.waitForFinished(timeoutMs)) {
        node.kill();
        node.waitForFinished();
        return Error{QStringLiteral("The reference client did not finish."), node.errorString()};
    }
    const QList<QByteArray> lines = node.readAllStandardOutput().trimmed().split('\n');
    if (node.exitCode() != 0 || lines.isEmpty())
        return Error{QStringLiteral("The reference client failed."),
                     QStringLiteral("exit code %1").arg(node.exitCode())};
    const QJsonObject result = QJsonDocument::fromJson(lines.constLast()).object();
    return ReferenceLoad{result.value(QLatin1String("ms")).toDouble(),
                         result.value(QLatin1String("pages")).toInt(),
                         result.value(QLatin1String("resources")).toInt()};
}

} // namespace kete::bench
