#pragma once

#include "sandbox/server/connectionguard.h"

#include <QReadWriteLock>
#include <functional>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QThread;
QT_END_NAMESPACE

namespace kete::sandbox {

// The threads that serve the sandbox's connections: each has its own QHttpServer with every
// route, bound to a GuardedTcpServer that does not listen but adopts the sockets the listening
// one hands over (round robin). Requests that change shared state take the RequestLock
// exclusively (see ConnectionGuard), so the APIs behind the routes see one such request at a
// time, never alongside a FHIR read.
//
// The destructor stops the threads (and closes their connections) before the route handlers'
// objects may go.
class ServerPool final
{
public:
    using RegisterRoutes = std::function<void(QHttpServer &server)>;

    // `threads` < 1: QThread::idealThreadCount().
    ServerPool(int threads, const ConnectionLimits &limits, const RegisterRoutes &registerRoutes);
    ~ServerPool();
    Q_DISABLE_COPY_MOVE(ServerPool)

    // From the listening socket's thread: a serving thread takes the connection over.
    void handOff(qintptr socketDescriptor);
    int threadCount() const { return int(m_workers.size()); }

private:
    struct Worker
    {
        std::unique_ptr<QThread> thread;
        QHttpServer *http = nullptr;        // lives on `thread`
        GuardedTcpServer *intake = nullptr; // child of `http`
    };

    RequestLock m_lock;
    std::vector<Worker> m_workers;
    std::size_t m_next = 0;
};

} // namespace kete::sandbox
