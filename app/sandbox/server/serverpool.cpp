#include "sandbox/server/serverpool.h"

#include "common/logging.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QMetaObject>
#include <QThread>

namespace kete::sandbox {

ServerPool::ServerPool(int threads, const ConnectionLimits &limits,
                       const RegisterRoutes &registerRoutes)
{
    const int count = threads > 0 ? threads : qMax(1, QThread::idealThreadCount());
    m_workers.resize(std::size_t(count));
    for (int i = 0; i < count; ++i) {
        Worker &worker = m_workers[std::size_t(i)];
        worker.thread = std::make_unique<QThread>();
        worker.thread->setObjectName(QStringLiteral("kete-sandbox-%1").arg(i + 1));
        // Built here, then moved with its children: nothing runs on it before the thread starts.
        worker.http = new QHttpServer;
        registerRoutes(*worker.http);
        worker.intake = new GuardedTcpServer(limits, worker.http, &m_lock);
        // QTcpServer hands out sockets only while it listens (else it warns on each): the
        // intake listens on a loopback port nobody is told about, and serves what it adopts.
        if (!worker.intake->listen(QHostAddress::LocalHost, 0))
            qCWarning(lcSandbox) << "a serving thread could not open its intake:"
                                 << worker.intake->errorString();
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
        if (!worker.http->bind(worker.intake))
            qCWarning(lcSandbox) << "a serving thread could not bind its QHttpServer";
#else
        worker.http->bind(worker.intake);
#endif
        worker.http->moveToThread(worker.thread.get());
        worker.thread->start();
    }
}

ServerPool::~ServerPool()
{
    for (Worker &worker : m_workers) {
        QHttpServer *http = worker.http;
        QMetaObject::invokeMethod(
            http, [http] { delete http; }, Qt::BlockingQueuedConnection);
        worker.thread->quit();
        worker.thread->wait();
    }
}

void ServerPool::handOff(qintptr socketDescriptor)
{
    GuardedTcpServer *intake = m_workers[m_next].intake;
    m_next = (m_next + 1) % m_workers.size();
    QMetaObject::invokeMethod(intake,
                              [intake, socketDescriptor] { intake->adopt(socketDescriptor); });
}

} // namespace kete::sandbox
