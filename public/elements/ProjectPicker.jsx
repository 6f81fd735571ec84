// Sent with "Made your project …": the project picker (Chainlit's chat profiles) is read once per page, so
// this asks the server for the user's projects again and puts the fresh list into the page's settings: the
// new project is in the picker at once, without a reload. It draws nothing. Reopening the chat later
// reads the list again, which is harmless (the server's list is always the current one).
import { useContext, useEffect } from "react";
import { useSetRecoilState } from "recoil";
import { ChainlitContext, configState } from "@chainlit/react-client";

export default function ProjectPicker() {
  const api = useContext(ChainlitContext);
  const setConfig = useSetRecoilState(configState);
  useEffect(() => {
    let live = true;
    api.get("/project/settings")
      .then((res) => res.json())
      .then((fresh) => {
        if (live && fresh && Array.isArray(fresh.chatProfiles)) {
          setConfig((config) => (config ? { ...config, chatProfiles: fresh.chatProfiles } : config));
        }
      })
      .catch(() => {});  // a failed read leaves the picker as it was (the next page load lists the project)
    return () => { live = false; };
  }, [api, setConfig]);
  return null;
}
