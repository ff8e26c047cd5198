#pragma once

#include <QMutex>
#include <QMutexLocker>
#include <QStringList>
#include <QtGlobal>

namespace kete::test {

// Every log line while it is installed ("category message", every level that is enabled), to
// prove that no secret reaches one. QHttpServer's own debug output is left out: it is a test
// server's side, printing whole requests, not Kete.
//
//   LogCapture::install(); ... LogCapture::lines() ... LogCapture::uninstall();
class LogCapture final
{
public:
    static void install() { previous() = qInstallMessageHandler(&capture); }
    static void uninstall() { qInstallMessageHandler(previous()); }

    static QStringList lines()
    {
        QMutexLocker lock(&mutex());
        return captured();
    }

private:
    static void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if (context.category && qstrncmp(context.category, "qt.httpserver", 13) == 0)
            return;
        {
            QMutexLocker lock(&mutex());
            captured().append(QString::fromLatin1(context.category ? context.category : "") +
                              QLatin1Char(' ') + message);
        }
        if (previous())
            previous()(type, context, message);
    }

    static QMutex &mutex()
    {
        static QMutex instance;
        return instance;
    }
    static QStringList &captured()
    {
        static QStringList instance;
        return instance;
    }
    static QtMessageHandler &previous()
    {
        static QtMessageHandler instance = nullptr;
        return instance;
    }
};

} // namespace kete::test
