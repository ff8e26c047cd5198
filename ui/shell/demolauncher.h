#pragma once

#include "sandbox/server/organisation.h"
#include "sandbox/server/sandboxserver.h"

#include <QObject>
#include <QUrl>
#include <memory>

namespace kete::sandbox {
class SandboxHost;
}

namespace kete::ui {

// "Try the demo": the SMART sandbox, started on its own thread the first time it is asked for
// and kept up between sign-ins (so that "start again" is quick). It plays two providers, the
// demo practice and the demo hospital, so that a patient can add the second to their record.
//
//   request(organisation) -> ready(fhirBase)   of that provider: at once when it is up, else
//                                              once it has started
//             -> failed(message)      it could not start (asked again: a new attempt)
//   cancel()  -> the pending request is dropped (the user went back); the sandbox starts anyway
class DemoLauncher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoLauncher)

public:
    explicit DemoLauncher(sandbox::SandboxOptions options, QObject *parent = nullptr);
    ~DemoLauncher() override;

    void request(sandbox::Organisation organisation = sandbox::Organisation::Gp);
    void cancel();
    bool isStarting() const { return m_starting; }
    sandbox::SandboxHost *host() const { return m_host.get(); }

Q_SIGNALS:
    void ready(const QUrl &fhirBase);
    void failed(const QString &message);

private:
    sandbox::SandboxOptions m_options;
    std::unique_ptr<sandbox::SandboxHost> m_host;
    bool m_starting = false;
    bool m_requested = false;
    sandbox::Organisation m_organisation = sandbox::Organisation::Gp;
};

} // namespace kete::ui
