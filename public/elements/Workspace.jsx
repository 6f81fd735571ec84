// Reelsmith's side panel: the four phases as four views (Story, Design, Shooting, Generate).
// Data comes from Session.views() as `props`; buttons send plain chat requests so every change
// still goes through the agent, its history and its approvals. Text is rendered as React text
// (never as markdown or HTML), so project text cannot load images or links by itself.
import { useEffect, useState } from "react";

const TABS = [["story", "Story"], ["design", "Design"], ["shooting", "Shooting"], ["generate", "Generate"]];
const S = {
  muted: { opacity: 0.7, fontSize: 12 },
  card: { border: "1px solid rgba(128,128,128,.35)", borderRadius: 8, padding: 8, marginBottom: 8 },
  badge: { display: "inline-block", fontSize: 11, padding: "1px 6px", borderRadius: 10, marginRight: 4,
           border: "1px solid rgba(128,128,128,.5)" },
  stale: { display: "inline-block", fontSize: 11, padding: "1px 6px", borderRadius: 10, marginRight: 4,
           background: "#b45309", color: "white" },
  button: { fontSize: 12, padding: "2px 8px", borderRadius: 6, marginRight: 4, marginTop: 4, cursor: "pointer",
            border: "1px solid rgba(128,128,128,.6)", background: "transparent", color: "inherit" },
  grid: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(150px, 1fr))", gap: 8 },
  thumb: { width: "100%", aspectRatio: "16 / 9", objectFit: "cover", borderRadius: 6, background: "rgba(128,128,128,.2)" },
  h: { fontWeight: 600, margin: "10px 0 4px" },
};

function ask(text) {
  sendUserMessage(text);
}

function Ask({ text, label }) {
  return <button style={S.button} onClick={() => ask(text)}>{label}</button>;
}

function Badge({ children, stale }) {
  return <span style={stale ? S.stale : S.badge}>{children}</span>;
}

function ScreenplayText({ content }) {
  // A rough screenplay layout: character cues centred, their dialogue indented, action full width.
  const lines = (content || "").split("\n");
  let inDialogue = false;
  return (
    <div style={{ fontFamily: "Courier Prime, Courier, monospace", fontSize: 12, whiteSpace: "pre-wrap" }}>
      {lines.map((line, i) => {
        const t = line.trim();
        if (!t) { inDialogue = false; return <div key={i} style={{ height: 8 }} />; }
        const cue = t === t.toUpperCase() && /[A-Z]/.test(t) && t.length < 40 && !/^(INT|EXT)[.\s]/.test(t);
        if (cue) { inDialogue = true; return <div key={i} style={{ textAlign: "center", marginTop: 4 }}>{t}</div>; }
        const style = inDialogue ? { margin: "0 18%" } : {};
        return <div key={i} style={style}>{t}</div>;
      })}
    </div>
  );
}

function Diff({ pieces }) {
  // Word-wise: added words green and underlined, removed words red and struck through, the rest as it was.
  return (
    <div style={{ fontFamily: "Courier Prime, Courier, monospace", fontSize: 12, whiteSpace: "pre-wrap" }}>
      {pieces.map((p, i) => p.op === "ins"
        ? <ins key={i} style={{ background: "rgba(22,163,74,.25)", textDecoration: "underline" }}>{p.text}</ins>
        : p.op === "del"
          ? <del key={i} style={{ background: "rgba(220,38,38,.25)", textDecoration: "line-through" }}>{p.text}</del>
          : <span key={i}>{p.text}</span>)}
    </div>
  );
}

function Versions({ scene }) {
  return (
    <div data-versions-for={scene.number} style={{ ...S.card, marginTop: 6 }}>
      {scene.versions.length === 0 && <div style={S.muted}>No recorded versions.</div>}
      {scene.versions.map((v) => (
        <div key={v.version} data-version={v.version} style={{ marginBottom: 8 }}>
          <div><Badge>v{v.version}</Badge><span style={S.muted}>{v.summary}</span></div>
          {v.diff ? <Diff pieces={v.diff} /> : <div style={S.muted}>The first version.</div>}
          {v.version !== scene.version &&
            <Ask text={`restore scene ${scene.number} to version ${v.version}`} label={`Restore v${v.version}`} />}
        </div>
      ))}
    </div>
  );
}

function SceneCard({ sc }) {
  const [open, setOpen] = useState(false);
  const many = sc.versions.length > 1;
  return (
    <div style={S.card} data-scene={sc.number}>
      <div style={{ fontWeight: 700, fontFamily: "Courier Prime, Courier, monospace" }}>
        {sc.number}. {sc.heading}
      </div>
      <div>
        <button style={{ ...S.badge, cursor: "pointer", background: open ? "rgba(128,128,128,.25)" : "transparent",
                         color: "inherit" }}
                title={many ? "Show this scene's versions and what changed" : "Show this scene's version"}
                aria-expanded={open} onClick={() => setOpen(!open)}>
          v{sc.version}{many ? ` · ${sc.versions.length} versions` : ""}
        </button>
        {sc.tags.map((t) => <Badge key={t}>{t}</Badge>)}
        {sc.stale && <Badge stale>stale</Badge>}
      </div>
      {open && <Versions scene={sc} />}
      <ScreenplayText content={sc.content} />
      <Ask text={`break scene ${sc.number} into shots`} label="Break into shots" />
    </div>
  );
}

function Story({ story }) {
  return (
    <div>
      <div style={{ fontSize: 16, fontWeight: 700 }}>{story.title}</div>
      <div style={{ fontStyle: "italic", margin: "4px 0" }}>{story.logline || "No logline yet."}</div>
      {!story.logline && <Ask text="pitch me a logline" label="Pitch a logline" />}
      {story.outline.length > 0 && <div style={S.h}>Outline</div>}
      <ol style={{ paddingLeft: 18 }}>
        {story.outline.map((b, i) => <li key={i}><b>{b.title}</b> {b.text}</li>)}
      </ol>
      <div style={S.h}>Screenplay</div>
      {story.scenes.map((sc) => <SceneCard key={sc.number} sc={sc} />)}
    </div>
  );
}

function CharacterDetails({ e }) {
  return (
    <div data-details="character" style={{ fontSize: 12 }}>
      <div>Voice: {e.voice || <span style={S.muted}>not set</span>}
        {e.voice_id && <span style={S.muted}> · voice id {e.voice_id}</span>}</div>
      {e.costumes.length > 0 && <div>Wears: {e.costumes.join(", ")}</div>}
    </div>
  );
}

function LocationDetails({ e }) {
  return (
    <div data-details="location" style={{ fontSize: 12 }}>
      <div>{e.setting ? <Badge>{e.setting}</Badge> : <span style={S.muted}>interior/exterior not said </span>}
        {e.tags.map((t) => <Badge key={t}>#{t}</Badge>)}</div>
      {e.references.length > 0 &&
        <div style={{ display: "flex", gap: 4, marginTop: 4 }}>
          {e.references.map((r, i) => (
            <div key={i} style={{ width: 56, textAlign: "center", fontSize: 10 }}>
              <img src={r.thumb} alt={`${e.name} ${r.side || "reference"}`} style={S.thumb} />
              {r.side || "reference"}
            </div>
          ))}
        </div>}
    </div>
  );
}

function EntityCards({ title, items, headshot, kind }) {
  return (
    <div>
      <div style={S.h}>{title}</div>
      {items.length === 0 && <div style={S.muted}>None yet.</div>}
      <div style={S.grid}>
        {items.map((e) => (
          <div key={e.name} style={S.card} data-entity={e.name}>
            {e.images.length > 0
              ? <img src={e.images[e.images.length - 1]} alt={e.name} style={S.thumb} />
              : <div style={S.thumb} />}
            <div style={{ fontWeight: 600 }}>{e.name}</div>
            <div><Badge>v{e.version}</Badge>{e.stale && <Badge stale>stale</Badge>}</div>
            <div style={S.muted}>{e.description || "No description yet."}</div>
            {kind === "character" && <CharacterDetails e={e} />}
            {kind === "location" && <LocationDetails e={e} />}
            {headshot && <Ask text={`make a headshot of ${e.name}`} label="Headshot" />}
          </div>
        ))}
      </div>
    </div>
  );
}

function CostumeCards({ costumes }) {
  return (
    <div>
      <div style={S.h}>Costumes</div>
      {costumes.length === 0 && <div style={S.muted}>None yet.</div>}
      <div style={S.grid}>
        {costumes.map((c) => (
          <div key={c.name} style={S.card} data-costume={c.name}>
            <div style={{ fontWeight: 600 }}>{c.name}</div>
            <div><Badge>v{c.version}</Badge></div>
            <div style={{ fontSize: 12 }}>{c.description}</div>
            <div style={S.muted}>{c.character ? `Worn by ${c.character}` : "No wearer yet"}
              {" · "}{c.scenes.length ? `scene${c.scenes.length > 1 ? "s" : ""} ${c.scenes.join(", ")}` : "every scene"}</div>
          </div>
        ))}
      </div>
    </div>
  );
}

function LookCards({ looks }) {
  return (
    <div>
      <div style={S.h}>Looks</div>
      {looks.length === 0 && <div style={S.muted}>None yet.</div>}
      <div style={S.grid}>
        {looks.map((lk) => (
          <div key={lk.name} style={S.card} data-look={lk.name}>
            <div style={{ fontWeight: 600 }}>{lk.name}</div>
            <div><Badge>v{lk.version}</Badge><span style={S.muted}>{lk.shots} shot{lk.shots === 1 ? "" : "s"}</span></div>
            <div style={S.muted}>{[lk.shot_type, lk.lens_mm ? `${lk.lens_mm}mm` : null].filter(Boolean).join(" · ")}</div>
            {lk.lighting && <div style={{ fontSize: 12 }}>Lighting: {lk.lighting}</div>}
            {lk.references.length > 0 && <div style={S.muted}>Like: {lk.references.join("; ")}</div>}
          </div>
        ))}
      </div>
    </div>
  );
}

function Design({ design }) {
  const art = design.art_direction || {};
  return (
    <div>
      <div style={S.h}>Art direction</div>
      <div>{art.style || "No style set yet."} {art.version ? <Badge>v{art.version}</Badge> : null}</div>
      <div style={{ display: "flex", gap: 6, flexWrap: "wrap", marginTop: 4 }}>
        {(art.palette || []).map((c, i) => (
          <div key={i} style={{ textAlign: "center", fontSize: 11 }}>
            <div style={{ width: 36, height: 24, borderRadius: 4, background: String(c), border: "1px solid #8884" }} />
            {String(c)}
          </div>
        ))}
      </div>
      <EntityCards title="Cast" items={design.characters} headshot kind="character" />
      <EntityCards title="Locations" items={design.locations} kind="location" />
      <EntityCards title="Props" items={design.props} />
      <CostumeCards costumes={design.costumes || []} />
      <LookCards looks={design.looks || []} />
    </div>
  );
}

function ShotCard({ shot }) {
  const still = `generate a storyboard for shot ${shot.number} of scene ${shot.scene}`;
  return (
    <div style={S.card} data-shot={shot.id}>
      {shot.thumbnail ? <img src={shot.thumbnail} alt={`shot ${shot.id}`} style={S.thumb} /> : <div style={S.thumb} />}
      <div><b>Shot {shot.id}</b> <span style={S.muted}>{shot.duration ? `${shot.duration.toFixed(1)} s` : ""}</span></div>
      <div style={S.muted}>{shot.camera}</div>
      <div style={{ fontSize: 12 }}>{shot.description}</div>
      {shot.characters.length > 0 && <div style={S.muted}>{shot.characters.join(", ")}</div>}
      <div><Badge>{shot.status_words}</Badge>{shot.look && <Badge>look: {shot.look}</Badge>}
        {(shot.tags || []).map((t) => <Badge key={t}>#{t}</Badge>)}</div>
      {shot.notes && <div data-notes={shot.id} style={{ fontSize: 12, fontStyle: "italic" }}>Note: {shot.notes}</div>}
      {shot.stale && <div><Badge stale>stale</Badge><span style={S.muted}>{shot.stale_reason}</span></div>}
      <Ask text={still} label={shot.thumbnail ? "Regenerate still" : "Make still"} />
    </div>
  );
}

function Shooting({ shooting }) {
  if (shooting.scenes.length === 0) {
    return <div style={S.muted}>No shots yet: ask to break a scene into shots.</div>;
  }
  return (
    <div>
      {shooting.scenes.map((sc) => (
        <div key={sc.number}>
          <div style={S.h}>Scene {sc.number}. {sc.heading}</div>
          <div style={S.grid}>{sc.shots.map((sh) => <ShotCard key={sh.id} shot={sh} />)}</div>
        </div>
      ))}
    </div>
  );
}

function Generate({ gen }) {
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const assets = gen.assets.filter((a) => !q || `${a.kind} ${a.description} ${a.transcript || ""} ${a.links.join(" ")}`
    .toLowerCase().includes(q));
  const total = gen.runtime_s || 1;
  return (
    <div>
      <div style={S.h}>Latest render</div>
      {gen.latest_render
        ? <div><video src={gen.latest_render.url} controls style={{ width: "100%" }} />
            <a href={gen.latest_render.url} download style={{ fontSize: 12 }}>{gen.latest_render.name}</a></div>
        : <div style={S.muted}>Nothing rendered yet. <Ask text="make an animatic of scene 1" label="Animatic of scene 1" /></div>}
      <div style={S.h}>Music</div>
      {gen.music
        ? <div data-music={gen.music.asset} style={S.card}>
            <audio src={gen.music.url} controls style={{ width: "100%" }} />
            <div><Badge>{gen.music.source === "generated" ? "generated" : "uploaded"}</Badge>
              {gen.music.draft && <Badge>draft placeholder</Badge>}
              <span style={S.muted}>asset {gen.music.asset}
                {gen.music.duration_s ? ` · ${Number(gen.music.duration_s).toFixed(1)} s` : ""}
                {" · from the top, ducked under dialogue"}</span></div>
          </div>
        : <div style={S.muted}>No music yet: upload a track, or ask to compose one.</div>}
      <div style={S.h}>Timeline · {gen.runtime_s.toFixed(1)} s</div>
      {gen.timeline.length === 0
        ? <div style={S.muted}>The timeline is empty. <Ask text="assemble the cut" label="Assemble the cut" /></div>
        : <div style={{ display: "flex", overflowX: "auto", gap: 2 }}>
            {gen.timeline.map((c, i) => (
              <div key={i} title={`${c.label}: ${c.duration} s, ${c.transition}`}
                   style={{ ...S.card, flex: `0 0 ${Math.max(48, (c.duration / total) * 600)}px`, marginBottom: 0 }}>
                <div style={{ fontWeight: 600, fontSize: 12 }}>{c.label}</div>
                <div style={S.muted}>{Number(c.duration).toFixed(1)} s</div>
                <div style={S.muted}>{c.transition}</div>
              </div>
            ))}
          </div>}
      <div style={S.h}>Assets ({gen.assets.length}) · spent ${Number(gen.cost.spent_usd).toFixed(2)}</div>
      <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search assets"
             style={{ width: "100%", padding: 4, marginBottom: 6, background: "transparent", color: "inherit",
                      border: "1px solid rgba(128,128,128,.5)", borderRadius: 6 }} />
      <div style={S.grid}>
        {assets.map((a) => (
          <div key={a.id} style={S.card}>
            {a.thumbnail ? <img src={a.thumbnail} alt={a.description} style={S.thumb} /> : <div style={S.thumb} />}
            <div><Badge>{a.kind}</Badge>{a.draft && <Badge>draft</Badge>}<span style={S.muted}>${a.cost_usd.toFixed(2)}</span></div>
            <div style={S.muted}>{a.description}</div>
            {a.transcript && <div style={{ fontSize: 11, fontStyle: "italic" }}>Says: “{a.transcript}”</div>}
            {a.links.map((l) => <div key={l} style={{ fontSize: 11 }}>{l}</div>)}
            <a href={a.url} target="_blank" rel="noreferrer" style={{ fontSize: 12 }}>Open</a>
          </div>
        ))}
      </div>
    </div>
  );
}

// The tab a person picked outlives a redraw: the server redraws the panel after every change (its own or
// another front end's) and the element may mount afresh, so the pick is kept on the page, and the server's
// tab wins only when it names a new one (e.g. Shooting after a scene is broken into shots).
const picked = window.__reelsmithWorkspace || (window.__reelsmithWorkspace = { tab: null, serverTab: null });

export default function Workspace() {
  const [tab, setShown] = useState(picked.tab || props.tab || "story");
  const setTab = (id) => { picked.tab = id; setShown(id); };
  useEffect(() => {
    if (props.tab && props.tab !== picked.serverTab) {
      picked.serverTab = props.tab;
      setTab(props.tab);
    }
  }, [props.tab]);
  return (
    <div style={{ fontSize: 13, lineHeight: 1.4 }} id="reelsmith-workspace">
      <div style={{ display: "flex", gap: 4, marginBottom: 8 }} role="tablist">
        {TABS.map(([id, label]) => (
          <button key={id} role="tab" aria-selected={tab === id} onClick={() => setTab(id)}
                  style={{ ...S.button, fontWeight: tab === id ? 700 : 400,
                           background: tab === id ? "rgba(128,128,128,.25)" : "transparent" }}>
            {label}
          </button>
        ))}
      </div>
      <div style={S.muted}>Phase: {props.phase}</div>
      {tab === "story" && <Story story={props.story} />}
      {tab === "design" && <Design design={props.design} />}
      {tab === "shooting" && <Shooting shooting={props.shooting} />}
      {tab === "generate" && <Generate gen={props.generate} />}
    </div>
  );
}
