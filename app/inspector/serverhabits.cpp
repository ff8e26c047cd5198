#include "inspector/serverhabits.h"

#include <QCoreApplication>

namespace kete::inspector {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::inspector::ConnectionLog", text);
}

QString times(int n)
{
    return n == 1 ? tr("once") : tr("%1 times").arg(n);
}

QString minutes(qint64 seconds)
{
    const qint64 n = (seconds + 59) / 60;
    return n == 1 ? tr("1 minute") : tr("%1 minutes").arg(n);
}

// Access tokens that live this long or less make a long load meet a refresh.
constexpr qint64 shortTokenSeconds = 15 * 60;

} // namespace

QList<ReportLine> serverHabitLines(const std::optional<smart::TokenExchangeRecord> &token,
                                   const QList<Activity> &activity)
{
    int restarts = 0;
    int throttled = 0;
    bool refreshedMidLoad = false;
    for (const Activity &entry : activity) {
        if (const auto *request = std::get_if<fhir::RequestRecord>(&entry)) {
            restarts += request->restarts;
            throttled += request->throttled;
            refreshedMidLoad = refreshedMidLoad || (request->tokenRefreshed && request->pages > 0);
        }
    }

    QList<ReportLine> lines;
    if (token && token->answered) {
        const QStringList granted = token->grantedScope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const QStringList requested =
            token->requestedScope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (token->refreshTokenReceived && !granted.isEmpty() &&
            requested.contains(QLatin1String("offline_access")) &&
            !granted.contains(QLatin1String("offline_access")))
            lines.append({tr("Staying signed in"),
                          tr("this server grants it without naming offline_access in the "
                             "granted scope; Kete goes by the refresh token it sent"),
                          ReportLine::Mark::Good});
        if (token->expiresIn && *token->expiresIn > 0 && *token->expiresIn <= shortTokenSeconds)
            lines.append(
                {tr("Short-lived access tokens"),
                 (refreshedMidLoad
                      ? tr("this server's access tokens last %1; one ran out during a load, and "
                           "Kete renewed it and went on without losing a page")
                      : tr("this server's access tokens last %1; Kete renews them when they run "
                           "out"))
                     .arg(minutes(*token->expiresIn)),
                 ReportLine::Mark::Good});
    }
    if (restarts > 0)
        lines.append({tr("Search pages expire"),
                      tr("this server forgets a search's later pages after a while; Kete searched "
                         "again and skipped what it already had (%1)")
                          .arg(times(restarts)),
                      ReportLine::Mark::Good});
    if (throttled > 0)
        lines.append({tr("Request budget"),
                      tr("this server limits how many requests Kete may send at a time; Kete "
                         "waited as long as the server asked (%1)")
                          .arg(times(throttled)),
                      ReportLine::Mark::Good});
    return lines;
}

} // namespace kete::inspector
