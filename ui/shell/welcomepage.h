#pragma once

#include "storage/providerstore.h"

#include <QWidget>

class QFrame;
class QGroupBox;
class QPushButton;
class QVBoxLayout;

namespace kete::ui {

class ProviderSearch;

// The first-run empty state: find your provider by name (or give its address), or try the demo.
class WelcomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    // Providers Kete has connected to before: one "Open" (restores the sign-in when the keychain
    // has it) and one "Forget" each.
    void setSavedProviders(const QList<ProviderSettings> &providers);
    // Says under the provider's name that a copy of the record is kept on this computer.
    void showKeptCopy(const QString &providerId);
    ProviderSearch *providerSearch() const { return m_search; }
    // Choosing a provider adds it to the patient's record on screen: the page says so, offers
    // the way back, and its demo is the second demo provider.
    void setAddingProvider(bool adding);
    bool isAddingProvider() const;

Q_SIGNALS:
    void connectRequested();
    // Picked in "Find your provider": sign in there.
    void directoryProviderChosen(const QUrl &fhirBase, const QString &displayName);
    void demoRequested();
    void clinicianDemoRequested();
    void savedProviderChosen(const QString &providerId);
    void forgetProviderRequested(const QString &providerId);
    void backToRecordRequested();

private:
    ProviderSearch *m_search;
    QGroupBox *m_saved;
    QVBoxLayout *m_savedRows;
    QFrame *m_adding;
    QPushButton *m_demoButton;
    QPushButton *m_clinicianDemo;
};

} // namespace kete::ui
