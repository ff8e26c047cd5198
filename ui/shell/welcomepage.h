#pragma once

#include "storage/providerstore.h"

#include <QWidget>

class QGroupBox;
class QVBoxLayout;

namespace kete::ui {

// The first-run empty state: two clear paths into Kete.
class WelcomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    // Providers Kete has connected to before: one "Open" (restores the sign-in when the keychain
    // has it) and one "Forget" each.
    void setSavedProviders(const QList<ProviderSettings> &providers);

Q_SIGNALS:
    void connectRequested();
    void demoRequested();
    void clinicianDemoRequested();
    void savedProviderChosen(const QString &providerId);
    void forgetProviderRequested(const QString &providerId);

private:
    QGroupBox *m_saved;
    QVBoxLayout *m_savedRows;
};

} // namespace kete::ui
