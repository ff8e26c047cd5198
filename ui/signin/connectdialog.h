#pragma once

#include <QDialog>
#include <QUrl>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace kete::ui {

class ProviderSearch;

// "Connect to your health provider": first "Find your provider" (the provider directory), then
// under "Enter an address" the FHIR address itself and, under "Advanced", what the provider
// registered for Kete (client id, secret, redirect URI) and which browser signs in. Choosing a
// provider in the directory fills the address and the name.
class ConnectDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectDialog)

public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    QString displayName() const;
    QUrl fhirBaseUrl() const;
    QString clientId() const;
    QString clientSecret() const;
    QUrl redirectUri() const;
    bool useSystemBrowser() const;
    bool signsInAsClinician() const;
    // A clinician chose the provider's own patient picker over Kete's search.
    bool ehrPicksPatient() const;

    void setFhirBaseUrl(const QUrl &url);
    // "Find your provider" at the top of the dialog (it loads the installed directories).
    ProviderSearch *providerSearch() const { return m_providerSearch; }
    void setClientId(const QString &clientId);

    static QString defaultClientId();
    static QUrl defaultRedirectUri();

private:
    void validate();

    ProviderSearch *m_providerSearch;
    QLineEdit *m_name;
    QLineEdit *m_address;
    QLineEdit *m_clientId;
    QLineEdit *m_clientSecret;
    QLineEdit *m_redirectUri;
    QComboBox *m_browser;
    QComboBox *m_audience;
    QCheckBox *m_ehrPicksPatient;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
    QPushButton *m_connectButton;
};

} // namespace kete::ui
