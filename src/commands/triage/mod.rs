//! `lookout triage`: the team's console, a local web page served on 127.0.0.1 only, that
//! decrypts in this process with the member's identity and sends nothing anywhere else. It
//! takes the same store options, `--questionnaire` and identity options as `lookout reports`.
//! Who may use it and how its pages are sent is in [`gate`].

use anyhow::Context;
use lookout::casework::Desk;
use lookout::casework::identity::IdentityArgs;
use lookout::console::gate::{self, Gate};
use lookout::console::{Console, app};
use lookout::figures::Roles;
use lookout::figures::map::Areas;

use super::RootArg;
use super::out::{note, say};
use super::reports::TeamArg;
use super::store::{QuestionnaireArg, StoreArgs};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: RootArg,
    /// The port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 1112)]
    port: u16,
    #[command(flatten)]
    store: StoreArgs,
    #[command(flatten)]
    questionnaire: QuestionnaireArg,
    #[command(flatten)]
    identity: IdentityArgs,
    #[command(flatten)]
    team: TeamArg,
    /// The folder the case page's evidence button writes files into (readable by you only);
    /// without it there is no button. On Windows, a folder under your profile.
    #[arg(long, value_name = "DIR")]
    evidence_dir: Option<std::path::PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(serve(args))
}

async fn serve(args: Args) -> anyhow::Result<()> {
    let root = &args.root.path_or_here();
    let store = args.store.open(root).await?;
    let questionnaire = args.questionnaire.load(root)?;
    let identities = args.identity.load(root)?;
    let areas_path = args.questionnaire.areas_path(root);
    let areas = Areas::load(&areas_path, &Roles::options(Roles::of(&questionnaire).area))
        .map_err(|e| e.to_string());
    if let Err(problem) = &areas {
        note!("no map: {problem}");
    }
    let mut console = Console::new(
        Desk::new(store, questionnaire, identities, &args.team.team_recipients)?,
        areas,
    );
    if let Some(dir) = args.evidence_dir.clone() {
        console = console.with_evidence_dir(dir);
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
        .await
        .with_context(|| format!("listening on 127.0.0.1:{}", args.port))?;
    let port = listener.local_addr()?.port();
    let token = gate::random_token();
    let gate = Gate::new(port, token.clone());
    say!("the triage console is at http://127.0.0.1:{port}/login?token={token}");
    say!("open it in your browser (the address works once; Ctrl+C stops the console)");
    axum::serve(listener, app(console, gate))
        .await
        .context("serving the console")
}
